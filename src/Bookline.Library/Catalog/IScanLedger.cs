namespace Bookline.Library.Catalog;

/// <summary>A scan's bookkeeping: what the catalog already knows of the library's files, and what became of the files a scan sent.</summary>
public interface IScanLedger
{
    /// <summary>What the catalog knows of every file of a present book, for a rescan to skip the unchanged ones.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>By path relative to the library.</returns>
    Task<IReadOnlyDictionary<string, KnownFile>> KnownFilesAsync(CancellationToken cancellationToken = default);

    /// <summary>The catalog's own clock, which stamps its writes (the database server's, for a shared catalog).</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The time now, by that clock.</returns>
    Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken = default);

    /// <summary>Of the given files, how many were written as books, skipped or failed at or after a time of <see cref="NowAsync"/>.</summary>
    /// <param name="paths">Paths relative to the library.</param>
    /// <param name="since">A time read from <see cref="NowAsync"/>.</param>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The counts; a file counts once, by its latest outcome.</returns>
    Task<CatalogOutcomes> OutcomesSinceAsync(IReadOnlyCollection<string> paths, DateTimeOffset since, CancellationToken cancellationToken = default);
}
