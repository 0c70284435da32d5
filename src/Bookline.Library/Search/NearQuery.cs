namespace Bookline.Library.Search;

/// <summary>A book matches when every two of the words stand within <see cref="Distance"/> words of each other, in either order, in one passage.</summary>
/// <param name="Words">The folded words, two or more.</param>
/// <param name="Distance">How many words may stand between two of them.</param>
/// <param name="Field">Where to look; a text field.</param>
public sealed record NearQuery(IReadOnlyList<string> Words, int Distance, SearchField Field = SearchField.Any) : QueryNode
{
    /// <summary>The distance <c>NEAR(a b)</c> means when it names none.</summary>
    public const int DefaultDistance = 10;

    /// <summary>The largest distance a query may ask for.</summary>
    public const int MaxDistance = 100;

    /// <inheritdoc />
    public override string ToString() => Prefix(Field) + "NEAR(" + string.Join(' ', Words) + ", " + Distance + ")";

    /// <inheritdoc />
    public bool Equals(NearQuery? other) =>
        other is not null && Field == other.Field && Distance == other.Distance && Words.SequenceEqual(other.Words);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Field, Distance, string.Join(' ', Words));
}
