using Bookline.Library.Catalog;

namespace Bookline.Library.Scanning;

/// <summary>What the cataloger writes for one book: its record with its text (when a file of it could be read), and its files that were skipped or failed.</summary>
/// <param name="Book">The book as found.</param>
/// <param name="Record">The catalog record, with every readable file; null when no file of the book is a readable book.</param>
/// <param name="Text">The text to index, from the main file; null without a record.</param>
/// <param name="Unread">Files skipped (stage "skipped") or failed (stage "scan"), with their reasons.</param>
public sealed record CatalogEntry(FoundBook Book, CatalogBook? Record, string? Text, IReadOnlyList<CatalogFailure> Unread);
