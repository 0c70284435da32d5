namespace Bookline.Library.Catalog;

/// <summary>
/// Where the books of a library are recorded and searched: a SQLite file for one machine
/// (<see cref="SqliteCatalog"/>), or a PostgreSQL database that many catalogers and searchers
/// share (<see cref="PostgresCatalog"/>). <see cref="CatalogLocation.Open"/> picks by address.
/// </summary>
public interface ICatalog : IDisposable
{
    /// <summary>Where the catalog is, without credentials.</summary>
    string Location { get; }

    /// <summary>
    /// Adds or replaces books, their files and their text in one transaction, and clears their files'
    /// old failures. A book is found by its key: its files are then exactly those given (a file that
    /// belonged to another book moves to this one, and a book left without files is removed).
    /// </summary>
    /// <param name="books">Each book with the text to index.</param>
    /// <returns>The ids of the books, in order.</returns>
    IReadOnlyList<long> Write(IReadOnlyList<(CatalogBook Book, string Text)> books);

    /// <summary>Records (or replaces) why a file could not be cataloged.</summary>
    /// <param name="failure">The failure.</param>
    void RecordFailure(CatalogFailure failure);

    /// <summary>Searches the full text, title and author; best matches first.</summary>
    /// <param name="query">Words, "phrases" and OR; the store documents the rest of its syntax.</param>
    /// <param name="filter">Shelf, format or author to narrow to; null for none.</param>
    /// <param name="limit">The most results.</param>
    /// <returns>The hits, each with a plain-text snippet and the ranges of its matched words.</returns>
    /// <exception cref="CatalogQueryException">The query is malformed.</exception>
    IReadOnlyList<SearchHit> Search(string query, SearchFilter? filter = null, int limit = 20);

    /// <summary>What the catalog knows of every file of a present book, for a rescan to skip the unchanged ones.</summary>
    /// <returns>By path relative to the library.</returns>
    IReadOnlyDictionary<string, KnownFile> KnownFiles();

    /// <summary>Tidies the search index after many writes (the end of a scan), so that searches read less of it.</summary>
    void Optimize();

    /// <summary>
    /// Marks every file whose path is not in <paramref name="seen"/> as removed, and every book left
    /// without a present file, and forgets the failures of such paths.
    /// </summary>
    /// <param name="seen">The paths found on disk by a complete scan.</param>
    /// <returns>The number of books marked removed.</returns>
    int MarkRemovedExcept(IReadOnlySet<string> seen);

    /// <summary>Every present book with its metadata and its files (not its text), in id order.</summary>
    /// <returns>The books.</returns>
    IReadOnlyList<CatalogBook> Books();

    /// <summary>Replaces the record of the sidecars a complete scan found beside the books (metadata.opf, covers, calibre's database).</summary>
    /// <param name="sidecars">Path relative to the library → kind ("metadata", "cover", "calibre").</param>
    void ReplaceSidecars(IReadOnlyDictionary<string, string> sidecars);

    /// <summary>A book by id.</summary>
    /// <param name="id">The book's id.</param>
    /// <returns>The book, or null.</returns>
    CatalogBook? Find(long id);

    /// <summary>The book a file belongs to, by the file's path relative to the library.</summary>
    /// <param name="path">The path of any of the book's files.</param>
    /// <returns>The book, or null.</returns>
    CatalogBook? FindByPath(string path);

    /// <summary>Counts of books by shelf, of files by format, and of failures.</summary>
    /// <returns>The status.</returns>
    CatalogStatus GetStatus();

    /// <summary>Every recorded failure, by shelf and path.</summary>
    /// <returns>The failures.</returns>
    IReadOnlyList<CatalogFailure> Failures();

    /// <summary>The catalog's own clock, which stamps its writes (the database server's, for a shared catalog).</summary>
    /// <returns>The time now, by that clock.</returns>
    DateTimeOffset Now();

    /// <summary>Of the given files, how many were written as books, skipped or failed at or after a time of <see cref="Now"/>.</summary>
    /// <param name="paths">Paths relative to the library.</param>
    /// <param name="since">A time read from <see cref="Now"/>.</param>
    /// <returns>The counts; a file counts once, by its latest outcome.</returns>
    CatalogOutcomes OutcomesSince(IReadOnlyCollection<string> paths, DateTimeOffset since);
}
