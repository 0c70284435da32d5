namespace Bookline.Library.Catalog;

/// <summary>What a search found: the hits, best first, and what the user should know about the query.</summary>
/// <param name="Hits">The hits; those that match only with a typo corrected come after every exact one.</param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits)
{
    /// <summary>The query as it was understood, in the query language (words folded, operators upper case).</summary>
    public string Understood { get; init; } = string.Empty;

    /// <summary>A corrected query that finds more, when the typed one found nothing or far less; null when none.</summary>
    public string? Suggestion { get; init; }

    /// <summary>What the parser changed: a query cut for its length, terms dropped, nothing to search for.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
