namespace Bookline.Library.Catalog;

/// <summary>A search of the catalog.</summary>
/// <param name="Query">The query, in Bookline's query language (<see cref="Search.SearchQuery"/>); any text is a valid query.</param>
public sealed record SearchRequest(string Query)
{
    /// <summary>Shelf, format or author to narrow to, besides what the query says; null for none.</summary>
    public SearchFilter? Filter { get; init; }

    /// <summary>The most hits to return; 20 by default, at least 1.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Whether to find only the words as typed: no typo tolerance, no "did you mean". Off by default.</summary>
    public bool Exact { get; init; }
}
