namespace Bookline.Library.Formats;

/// <summary>What a file is, decided from its content first and its extension second.</summary>
public enum BookFormat
{
    /// <summary>Not a book format Bookline reads; recorded as skipped with a reason.</summary>
    Unknown,

    /// <summary>Plain text in any common encoding.</summary>
    Text,

    /// <summary>An HTML page.</summary>
    Html,

    /// <summary>An EPUB 2 or 3 book.</summary>
    Epub,

    /// <summary>A PDF document.</summary>
    Pdf,

    /// <summary>A page image (PNG, TIFF) that only OCR can read.</summary>
    Image,
}
