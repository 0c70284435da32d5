using Bookline.Library.Catalog;

namespace Bookline.Library.Scanning;

/// <summary>
/// A book after the scan stage, on its way to the catalog's writer: its record with its text (when a
/// file of it could be read), and its files that were skipped (not books) or failed.
/// </summary>
/// <param name="Book">The book as found.</param>
/// <param name="Indexed">The catalog record with every readable file and the text to index (the main file's); null when no file of the book is a readable book.</param>
/// <param name="Failed">Files that could not be read among formats of the book (stage "scan"), with their reasons.</param>
/// <param name="Skipped">Files that are not books Bookline reads, with the reasons.</param>
public sealed record CatalogEntry(FoundBook Book, BookToIndex? Indexed, IReadOnlyList<CatalogFailure> Failed, IReadOnlyList<CatalogSkip> Skipped);
