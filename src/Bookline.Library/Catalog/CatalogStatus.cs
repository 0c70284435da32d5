namespace Bookline.Library.Catalog;

/// <summary>What the catalog holds: counts by shelf, by format, of failures and of skipped files.</summary>
/// <param name="Books">Books cataloged.</param>
/// <param name="Failures">Files that could not be cataloged.</param>
/// <param name="ByShelf">Books per shelf.</param>
/// <param name="ByFormat">Books per format (a book in two formats counts in both).</param>
public sealed record CatalogStatus(long Books, long Failures, IReadOnlyDictionary<string, long> ByShelf, IReadOnlyDictionary<string, long> ByFormat)
{
    /// <summary>Files of the books cataloged (a book in three formats has three).</summary>
    public long Files { get; init; }

    /// <summary>Sidecars found beside the books by the last complete scan, by kind (metadata, cover, calibre).</summary>
    public IReadOnlyDictionary<string, long> Sidecars { get; init; } = new Dictionary<string, long>();

    /// <summary>Files left alone because they are not books (<see cref="CatalogSkip"/>); not failures.</summary>
    public long Skipped { get; init; }
}
