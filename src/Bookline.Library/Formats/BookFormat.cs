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

    /// <summary>A Kindle or Mobipocket book: MOBI, PRC, AZW, or a joint MOBI + KF8 file.</summary>
    Mobi,

    /// <summary>A Kindle KF8 book on its own (AZW3).</summary>
    Azw3,

    /// <summary>A PalmDOC book (.pdb): plain text in a Palm database.</summary>
    PalmDoc,

    /// <summary>A FictionBook 2 book, plain (.fb2) or zipped (.fb2.zip, .fbz).</summary>
    Fb2,

    /// <summary>A Word document (.docx, Office Open XML).</summary>
    Docx,

    /// <summary>An OpenDocument text (.odt).</summary>
    Odt,

    /// <summary>One of calibre's zipped books, as detected (a TXTZ or an HTMLZ); the reader says which.</summary>
    CalibreZip,

    /// <summary>calibre's zipped text with its metadata (.txtz).</summary>
    Txtz,

    /// <summary>calibre's zipped HTML with its metadata (.htmlz).</summary>
    Htmlz,

    /// <summary>A Rich Text Format document (.rtf).</summary>
    Rtf,

    /// <summary>A DjVu document (.djvu), read through djvulibre's tools.</summary>
    Djvu,

    /// <summary>A comic book archive (.cbz): page images in a zip, with ComicInfo.xml.</summary>
    Comic,

    /// <summary>A Markdown document (.md, .markdown): markup stripped, metadata from its front matter.</summary>
    Markdown,

    /// <summary>A Sony BBeB book (.lrf).</summary>
    Lrf,
}
