namespace Bookline.Library.Search;

/// <summary>A book matches when its record has this value: a shelf, a format, a language or an ISBN.</summary>
/// <param name="Field"><see cref="SearchField.Shelf"/>, <see cref="SearchField.Format"/>, <see cref="SearchField.Language"/> or <see cref="SearchField.Isbn"/>.</param>
/// <param name="Value">The value, compared without regard to case (an ISBN's digits only).</param>
public sealed record FilterQuery(SearchField Field, string Value) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => Prefix(Field) + (Value.Any(c => char.IsWhiteSpace(c) || c is '"' or '(' or ')') ? "\"" + Value.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"" : Value);
}
