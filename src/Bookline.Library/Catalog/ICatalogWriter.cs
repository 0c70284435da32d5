namespace Bookline.Library.Catalog;

/// <summary>Writing a scan's results into a catalog: books with their files and text, failures, skips, removals.</summary>
/// <remarks>A file has one outcome at a time: writing it as a book, a failure or a skip replaces the others.</remarks>
public interface ICatalogWriter
{
    /// <summary>
    /// Adds or replaces books, their files and their text in one transaction. A book is found by its
    /// key: its files are then exactly those given (a file that belonged to another book moves to this
    /// one, and a book left without files is removed).
    /// </summary>
    /// <param name="books">Each book with the text to index.</param>
    /// <param name="cancellationToken">Abandons the write before it commits.</param>
    /// <returns>The ids of the books, in order.</returns>
    Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<BookToIndex> books, CancellationToken cancellationToken = default);

    /// <summary>Records (or replaces) why a file could not be cataloged.</summary>
    /// <param name="failure">The failure.</param>
    /// <param name="cancellationToken">Abandons the write.</param>
    /// <returns>A task that completes once it is recorded.</returns>
    Task RecordFailureAsync(CatalogFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Records (or replaces) that a file was left alone because it is not a book.</summary>
    /// <param name="skip">The skipped file.</param>
    /// <param name="cancellationToken">Abandons the write.</param>
    /// <returns>A task that completes once it is recorded.</returns>
    Task RecordSkipAsync(CatalogSkip skip, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks every file whose path is not in <paramref name="seen"/> as removed, and every book left
    /// without a present file, and forgets the failures and skips of such paths.
    /// </summary>
    /// <param name="seen">The paths found on disk by a complete scan.</param>
    /// <param name="cancellationToken">Abandons the write before it commits.</param>
    /// <returns>The number of books marked removed.</returns>
    Task<int> MarkRemovedExceptAsync(IReadOnlySet<string> seen, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record of the sidecars a complete scan found beside the books (metadata.opf, covers, calibre's database).</summary>
    /// <param name="sidecars">Path relative to the library → kind ("metadata", "cover", "calibre").</param>
    /// <param name="cancellationToken">Abandons the write before it commits.</param>
    /// <returns>A task that completes once they are recorded.</returns>
    Task ReplaceSidecarsAsync(IReadOnlyDictionary<string, string> sidecars, CancellationToken cancellationToken = default);

    /// <summary>Tidies the search index after many writes (the end of a scan), so that searches read less of it.</summary>
    /// <param name="cancellationToken">Abandons the work.</param>
    /// <returns>A task that completes once it is done.</returns>
    Task OptimizeAsync(CancellationToken cancellationToken = default);
}
