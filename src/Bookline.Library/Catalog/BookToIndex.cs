namespace Bookline.Library.Catalog;

/// <summary>A book to write into the catalog, with the text to index for it (its best format's).</summary>
/// <param name="Book">The book's record: metadata and files.</param>
/// <param name="Text">Its full text.</param>
public sealed record BookToIndex(CatalogBook Book, string Text)
{
    /// <summary>
    /// Where each passage of <see cref="Text"/> ends, as <see cref="Prepare"/> cut it, so that the
    /// catalog's one writer does not; null for the store to cut the text itself. Ends that do not
    /// cut the text from start to end in order are ignored.
    /// </summary>
    public IReadOnlyList<int>? PassageEnds { get; init; }

    /// <summary>
    /// The book ready for the catalog's writer: its text cleaned of control characters (which no
    /// reader means, and which could forge a snippet's marks) and cut into passages.
    /// </summary>
    /// <param name="book">The book's record.</param>
    /// <param name="text">Its full text, as read.</param>
    /// <returns>The book to write.</returns>
    public static BookToIndex Prepare(CatalogBook book, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string clean = CatalogText.CleanText(text);
        return new BookToIndex(book, clean) { PassageEnds = TextPassages.Ends(clean) };
    }
}
