namespace Bookline.Library.Catalog;

/// <summary>Shorthands over <see cref="ICatalogReader"/>.</summary>
public static class CatalogReaderExtensions
{
    /// <summary>Searches with typo tolerance and returns the hits only.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="query">The query, in Bookline's query language.</param>
    /// <param name="filter">Shelf, format or author to narrow to; null for none.</param>
    /// <param name="limit">The most hits.</param>
    /// <param name="cancellationToken">Abandons the search.</param>
    /// <returns>The hits, best first.</returns>
    public static async Task<IReadOnlyList<SearchHit>> SearchAsync(this ICatalogReader catalog, string query, SearchFilter? filter = null, int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        SearchResults results = await catalog.SearchAsync(new SearchRequest(query) { Filter = filter, Limit = limit }, cancellationToken).ConfigureAwait(false);
        return results.Hits;
    }
}
