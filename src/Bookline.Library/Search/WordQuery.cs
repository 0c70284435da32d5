namespace Bookline.Library.Search;

/// <summary>A book matches when it has the word (or, for a prefix, a word that starts with it) in the field.</summary>
/// <param name="Word">The folded word.</param>
/// <param name="Field">Where to look; a text field.</param>
/// <param name="IsPrefix">Whether any word starting with <paramref name="Word"/> matches (<c>whal*</c>).</param>
public sealed record WordQuery(string Word, SearchField Field = SearchField.Any, bool IsPrefix = false) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => Prefix(Field) + Word + (IsPrefix ? "*" : string.Empty);
}
