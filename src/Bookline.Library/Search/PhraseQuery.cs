namespace Bookline.Library.Search;

/// <summary>A book matches when the words stand together in this order in the field (in its text, within one passage).</summary>
/// <param name="Words">The folded words, two or more.</param>
/// <param name="Field">Where to look; a text field.</param>
/// <param name="LastIsPrefix">Whether the last word may be the start of a longer one.</param>
public sealed record PhraseQuery(IReadOnlyList<string> Words, SearchField Field = SearchField.Any, bool LastIsPrefix = false) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => Prefix(Field) + "\"" + string.Join(' ', Words) + "\"" + (LastIsPrefix ? "*" : string.Empty);

    /// <inheritdoc />
    public bool Equals(PhraseQuery? other) =>
        other is not null && Field == other.Field && LastIsPrefix == other.LastIsPrefix && Words.SequenceEqual(other.Words);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Field, LastIsPrefix, string.Join(' ', Words));
}
