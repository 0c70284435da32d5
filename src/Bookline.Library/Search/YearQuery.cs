namespace Bookline.Library.Search;

/// <summary>A book matches when it was published in this range of years, both ends included (<c>year:1850..1900</c>).</summary>
/// <param name="From">The first year, or null for no lower bound.</param>
/// <param name="To">The last year, or null for no upper bound.</param>
public sealed record YearQuery(int? From, int? To) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => From == To && From is not null ? $"year:{From}" : $"year:{From}..{To}";
}
