namespace Bookline.Library.Search;

/// <summary>
/// A word of the query widened to the catalog's words (<see cref="Vocabulary"/>): a book matches when it
/// has any of them in the field. Made by <see cref="QueryExpansion"/>; the stores compile it.
/// </summary>
/// <param name="Typed">The word as the query has it.</param>
/// <param name="Words">The catalog's words it stands for, the typed one first.</param>
/// <param name="Field">Where to look.</param>
internal sealed record WordsQuery(string Typed, IReadOnlyList<string> Words, SearchField Field) : QueryNode
{
    public override string ToString() => Prefix(Field) + Typed;

    public bool Equals(WordsQuery? other) => other is not null && Field == other.Field && Typed == other.Typed && Words.SequenceEqual(other.Words);

    public override int GetHashCode() => HashCode.Combine(Typed, Field, Words.Count);
}
