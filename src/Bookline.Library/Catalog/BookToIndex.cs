namespace Bookline.Library.Catalog;

/// <summary>A book to write into the catalog, with the text to index for it (its best format's).</summary>
/// <param name="Book">The book's record: metadata and files.</param>
/// <param name="Text">Its full text.</param>
public sealed record BookToIndex(CatalogBook Book, string Text);
