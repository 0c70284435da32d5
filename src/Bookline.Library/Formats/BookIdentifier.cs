namespace Bookline.Library.Formats;

/// <summary>An identifier of a book in some scheme: ISBN, or another as calibre keeps them (amazon, google, doi …).</summary>
/// <param name="Scheme">The scheme, lowercase ("isbn", "amazon").</param>
/// <param name="Value">The identifier; an ISBN without hyphens or spaces.</param>
public readonly record struct BookIdentifier(string Scheme, string Value)
{
    /// <summary>An identifier as the catalog keeps it: the scheme in lower case, an ISBN without hyphens or spaces.</summary>
    /// <param name="scheme">The scheme, any case ("ISBN", "amazon").</param>
    /// <param name="value">The identifier as written.</param>
    /// <returns>The identifier.</returns>
    public static BookIdentifier Normalized(string scheme, string value)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(value);
        string lower = scheme.ToLowerInvariant();
        return new BookIdentifier(lower, lower == "isbn" ? Digits(value) : value);
    }

    /// <summary>A value without its hyphens and spaces: how an ISBN is compared.</summary>
    internal static string Digits(string value) =>
        value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>The identifier as calibre writes it: scheme:value.</summary>
    /// <returns>"isbn:9780141439518", for example.</returns>
    public override string ToString() => $"{Scheme}:{Value}";
}
