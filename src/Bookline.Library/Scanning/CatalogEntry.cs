using Bookline.Library.Catalog;

namespace Bookline.Library.Scanning;

/// <summary>What the cataloger writes for one file: a book with its text, or a skip with its reason.</summary>
/// <param name="File">The file.</param>
/// <param name="Book">The catalog row; null for a skip.</param>
/// <param name="Text">The text to index; null for a skip.</param>
/// <param name="SkipReason">Why the file was skipped; null for a book.</param>
public sealed record CatalogEntry(FoundFile File, CatalogBook? Book, string? Text, string? SkipReason);
