using Bookline.Library.Formats;

namespace Bookline.Library.Catalog;

/// <summary>
/// A book as the catalog records it: a work, with its metadata and its files (formats). The
/// positional fields from <paramref name="Path"/> on are those of its main file, the format its text
/// was indexed from (<see cref="BookFormats.Rank"/>); <see cref="Files"/> lists them all.
/// </summary>
/// <param name="Shelf">The shelf (top-level folder of the library) it stands on.</param>
/// <param name="Path">The main file, relative to the library.</param>
/// <param name="Format">txt, html, epub or pdf.</param>
/// <param name="Title">The title.</param>
/// <param name="Author">The author, when known.</param>
/// <param name="Language">The language code, when known.</param>
/// <param name="Pages">Pages (PDF) or spine documents (EPUB), when meaningful.</param>
/// <param name="Words">Words in the text.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Sha256">The file's SHA-256, lowercase hex.</param>
/// <param name="ModifiedUtc">The file's last write time.</param>
/// <param name="Encoding">For text: the encoding used and how it was chosen.</param>
/// <param name="Warnings">Things a librarian should know, one per line.</param>
public sealed record CatalogBook(
    string Shelf,
    string Path,
    string Format,
    string Title,
    string? Author,
    string? Language,
    int? Pages,
    int Words,
    long Bytes,
    string Sha256,
    DateTimeOffset ModifiedUtc,
    string? Encoding,
    string? Warnings)
{
    /// <summary>All the book's metadata (authors, series, identifiers, publisher …), of which <see cref="Title"/>, <see cref="Author"/> and <see cref="Language"/> are the first.</summary>
    public BookMetadata Metadata { get; init; } = BookMetadata.Empty;

    /// <summary>
    /// The cover, relative to the library: an image file (a calibre book folder's <c>cover.jpg</c>), or an
    /// image inside the book written <c>book.epub!/OEBPS/cover.jpg</c>; null for none.
    /// </summary>
    public string? Cover { get; init; }

    /// <summary>
    /// What makes files one book: a calibre book folder's path, or a folder and a name without its
    /// extension (<c>novels/emma</c> for <c>novels/emma.epub</c> and <c>novels/Emma.txt</c>), or a file's
    /// path when books are not grouped. Null means <see cref="Path"/>.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>
    /// The key the book was cataloged under before its files were moved or renamed (found by their content), or null. A
    /// store writing the book gives it that key's record, id included, when no book has the new key yet.
    /// </summary>
    public string? PreviousKey { get; init; }

    /// <summary>The book's key: <see cref="Key"/>, or <see cref="Path"/> when it has none.</summary>
    public string BookKey => Key ?? Path;

    /// <summary>Every file of the book, the main one first; empty means the main file alone.</summary>
    public IReadOnlyList<CatalogFile> Files { get; init; } = [];

    /// <summary><see cref="Files"/>, or the main file alone when it is empty.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CatalogFile> AllFiles => Files.Count > 0 ? Files : [new CatalogFile(Path, Format, Pages, Words, Bytes, Sha256, ModifiedUtc, Encoding, Warnings)];

    /// <summary>The catalog's id for the book (0 until written).</summary>
    public long Id { get; init; }
}
