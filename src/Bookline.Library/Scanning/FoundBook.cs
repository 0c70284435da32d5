namespace Bookline.Library.Scanning;

/// <summary>
/// A book a shelf finder found, on its way to the scanners: the files that are one work (formats of
/// it), grouped by <see cref="Key"/>. Most books are one file.
/// </summary>
/// <param name="Shelf">The shelf it stands on.</param>
/// <param name="Key">What makes its files one book (<see cref="Catalog.CatalogBook.Key"/>).</param>
/// <param name="Files">Its files, in name order.</param>
/// <param name="Priority">Lower is scanned sooner (from the priority file; 100 by default).</param>
public sealed record FoundBook(string Shelf, string Key, IReadOnlyList<FoundFile> Files, int Priority)
{
    /// <summary>What the library's own catalog says of the book (calibre's metadata.db), which wins over an OPF beside it and over its files; null for none.</summary>
    public Formats.BookMetadata? LibraryMetadata { get; init; }

    /// <summary>
    /// For a book the catalog does not know by its key: the books it does know whose files are gone from their places and
    /// were the size of one of this book's files. When the main file's content matches one, the book was moved or renamed,
    /// and keeps that book's record (<see cref="Catalog.CatalogBook.PreviousKey"/>).
    /// </summary>
    public IReadOnlyList<Catalog.KnownFile> MoveCandidates { get; init; } = [];

    /// <summary>The book's size: the sum of its files'.</summary>
    public long Bytes => Files.Sum(f => f.Bytes);

    /// <summary>How a librarian recognises it in a progress line: its file, or its key and how many files.</summary>
    /// <returns>A path, or "key (n files)".</returns>
    public override string ToString() => Files.Count == 1 ? Files[0].RelativePath : $"{Key} ({Files.Count} files)";

    /// <summary>The book an item of any stage of a scan is about, or null for anything else.</summary>
    /// <param name="item">An item as a pipeline report, event or dead letter carries it.</param>
    /// <returns>The found book.</returns>
    public static FoundBook? Of(object? item) => item switch
    {
        FoundBook book => book,
        ScannedBook scanned => scanned.Book,
        CatalogEntry entry => entry.Book,
        _ => null,
    };
}
