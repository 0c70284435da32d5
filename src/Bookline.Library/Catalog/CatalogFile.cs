namespace Bookline.Library.Catalog;

/// <summary>One file (format) of a book as the catalog records it.</summary>
/// <param name="Path">The file, relative to the library.</param>
/// <param name="Format">txt, html, epub, pdf or image.</param>
/// <param name="Pages">Pages (PDF) or spine documents (EPUB), when meaningful.</param>
/// <param name="Words">Words in its text.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256, lowercase hex.</param>
/// <param name="ModifiedUtc">Its last write time.</param>
/// <param name="Encoding">For text: the encoding used and how it was chosen.</param>
/// <param name="Warnings">Things a librarian should know, one per line.</param>
public sealed record CatalogFile(
    string Path,
    string Format,
    int? Pages,
    int Words,
    long Bytes,
    string Sha256,
    DateTimeOffset ModifiedUtc,
    string? Encoding,
    string? Warnings);
