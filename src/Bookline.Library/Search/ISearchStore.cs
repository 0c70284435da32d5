namespace Bookline.Library.Search;

/// <summary>What a store does for a search; the rest (parsing, widening words, typos, snippets) is <see cref="CatalogSearch"/>'s, the same for every store.</summary>
internal interface ISearchStore
{
    /// <summary>
    /// A value that changes whenever a commit may have changed what a search finds (it may change more often); read before a
    /// search to know whether results kept from an earlier one still hold.
    /// </summary>
    Task<string> GetDataVersionAsync(CancellationToken cancellationToken);

    /// <summary>The catalog's words.</summary>
    Task<Vocabulary> VocabularyAsync(CancellationToken cancellationToken);

    /// <summary>The present books the query matches, best first, without snippets.</summary>
    /// <param name="query">The query with its plain words widened (<see cref="WordsQuery"/>).</param>
    /// <param name="limit">The most books.</param>
    /// <param name="cancellationToken">Abandons the search.</param>
    Task<IReadOnlyList<Catalog.SearchHit>> FindAsync(QueryNode query, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// For each request, the text of the passage it names, or else of the book's first passage (in its order) with every leaf,
    /// or else with any; null when none has any (the words are in its metadata only).
    /// </summary>
    /// <param name="requests">Each a book and the words, phrases and proximity groups (no filters) to quote.</param>
    /// <param name="cancellationToken">Abandons the search.</param>
    Task<IReadOnlyList<string?>> PassagesAsync(IReadOnlyList<PassageRequest> requests, CancellationToken cancellationToken);
}
