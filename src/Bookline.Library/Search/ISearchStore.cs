namespace Bookline.Library.Search;

/// <summary>What a store does for a search; the rest (parsing, widening words, typos, snippets) is <see cref="CatalogSearch"/>'s, the same for every store.</summary>
internal interface ISearchStore
{
    /// <summary>The catalog's words.</summary>
    Task<Vocabulary> VocabularyAsync(CancellationToken cancellationToken);

    /// <summary>The present books the query matches, best first, without snippets.</summary>
    /// <param name="query">The query with its plain words widened (<see cref="WordsQuery"/>).</param>
    /// <param name="limit">The most books.</param>
    /// <param name="cancellationToken">Abandons the search.</param>
    Task<IReadOnlyList<Catalog.SearchHit>> FindAsync(QueryNode query, int limit, CancellationToken cancellationToken);

    /// <summary>The text of the book's passage that best matches any of the leaves; null when none does (the words are in its metadata only).</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="leaves">Words, phrases and proximity groups (no filters).</param>
    /// <param name="cancellationToken">Abandons the search.</param>
    Task<string?> BestPassageAsync(long bookId, IReadOnlyList<QueryNode> leaves, CancellationToken cancellationToken);
}
