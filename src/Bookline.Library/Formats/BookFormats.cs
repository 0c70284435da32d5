namespace Bookline.Library.Formats;

/// <summary>Which of a book's formats its text and metadata come from.</summary>
public static class BookFormats
{
    private static readonly string[] Order = ["epub", "azw3", "mobi", "fb2", "docx", "odt", "rtf", "htmlz", "html", "pdf", "djvu", "txtz", "pdb", "lrf", "md", "txt", "cbz", "image"];

    /// <summary>
    /// The order of preference, best first: EPUB, AZW3, MOBI, FB2, DOCX, ODT, RTF, HTMLZ, HTML, PDF, DjVu, TXTZ, PalmDOC, LRF, Markdown, plain text, comics, page images. A book's text is
    /// indexed once, from its best format: the one that keeps the most of the book's structure and
    /// metadata, and the least of a page layout's breaks.
    /// </summary>
    public static IReadOnlyList<string> Preference => Order;

    /// <summary>A format's place in <see cref="Preference"/>; unknown formats come last.</summary>
    /// <param name="format">A catalog format name (epub, html, pdf, txt, image).</param>
    /// <returns>0 for the best.</returns>
    public static int Rank(string format)
    {
        int rank = Array.IndexOf(Order, format);
        return rank < 0 ? Order.Length : rank;
    }

    /// <summary>The name the catalog gives a format.</summary>
    /// <param name="format">The format a reader read.</param>
    /// <returns>txt, html, epub, pdf or image.</returns>
    public static string NameOf(BookFormat format) => format switch
    {
        BookFormat.Text => "txt",
        BookFormat.PalmDoc => "pdb",
        BookFormat.Comic => "cbz",
        BookFormat.Markdown => "md",
        _ => format.ToString().ToLowerInvariant(),
    };
}
