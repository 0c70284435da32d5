namespace Bookline.Library.Catalog;

/// <summary>Reading and searching a catalog: what the web pages and the read commands use.</summary>
public interface ICatalogReader
{
    /// <summary>Where the catalog is, without credentials.</summary>
    string Location { get; }

    /// <summary>How many search results are kept to answer the same search again while the catalog has not changed; 0 keeps none.</summary>
    /// <value>500 unless set. A kept page of 20 results with snippets takes about 10 KB.</value>
    int SearchCacheSize { get; set; }

    /// <summary>
    /// A value that changes whenever a commit (by this process or another) may have changed what a read returns; it may change
    /// more often, never less. Read it before a read to know whether what was read earlier still holds (a cache, an ETag).
    /// </summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>An opaque value, to compare with an earlier one.</returns>
    Task<string> GetDataVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Searches the text and metadata of the books; best matches first. No query is an error.</summary>
    /// <param name="request">The query (Bookline's query language, <see cref="Search.SearchQuery"/>), filter, limit and typo tolerance.</param>
    /// <param name="cancellationToken">Abandons the search.</param>
    /// <returns>The hits, each with a plain-text snippet and the ranges of its matched words, and a suggestion when the query has a typo.</returns>
    Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Every present book with its metadata and its files (not its text), in id order.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The books.</returns>
    Task<IReadOnlyList<CatalogBook>> BooksAsync(CancellationToken cancellationToken = default);

    /// <summary>A book by id.</summary>
    /// <param name="id">The book's id.</param>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The book, or null.</returns>
    Task<CatalogBook?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The book a file belongs to, by the file's path relative to the library.</summary>
    /// <param name="path">The path of any of the book's files.</param>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The book, or null.</returns>
    Task<CatalogBook?> FindByPathAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Counts of books by shelf, of files by format, of failures and of skipped files.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The status.</returns>
    Task<CatalogStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Every recorded failure, by shelf and path.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The failures.</returns>
    Task<IReadOnlyList<CatalogFailure>> FailuresAsync(CancellationToken cancellationToken = default);

    /// <summary>Every file the last scans found and left alone because it is not a book (a format Bookline does not read), by shelf and path.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The skipped files.</returns>
    Task<IReadOnlyList<CatalogSkip>> SkippedAsync(CancellationToken cancellationToken = default);
}
