namespace Bookline.Library.Formats;

/// <summary>An identifier of a book in some scheme: ISBN, or another as calibre keeps them (amazon, google, doi …).</summary>
/// <param name="Scheme">The scheme, lowercase ("isbn", "amazon").</param>
/// <param name="Value">The identifier; an ISBN without hyphens or spaces.</param>
public readonly record struct BookIdentifier(string Scheme, string Value)
{
    /// <summary>The identifier as calibre writes it: scheme:value.</summary>
    /// <returns>"isbn:9780141439518", for example.</returns>
    public override string ToString() => $"{Scheme}:{Value}";
}
