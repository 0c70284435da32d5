using Bookline.Library.Formats;

namespace Bookline.Library.Catalog;

/// <summary>A book as the catalog records it.</summary>
/// <param name="Shelf">The shelf (top-level folder of the library) it stands on.</param>
/// <param name="Path">The file, relative to the library.</param>
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

    /// <summary>The catalog's id for the book (0 until written).</summary>
    public long Id { get; init; }
}
