using System.Text;

namespace Bookline.Library.Formats;

/// <summary>
/// Decides a file's format from its first bytes, falling back to the extension only for text
/// (which has no signature): a PDF named .txt is read as a PDF, an HTML page named .pdf as HTML.
/// </summary>
public static class FormatDetector
{
    // A byte array, not a u8 literal: in a UTF-8 literal "\x89" would encode as two bytes.
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>How many leading bytes <see cref="Detect(string, ReadOnlySpan{byte})"/> looks at.</summary>
    public const int HeadLength = 512;

    /// <summary>Reads the start of a file and decides its format.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format.</returns>
    public static BookFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        int read;
        using (FileStream stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, HeadLength, throwOnEndOfStream: false);
        }

        return Detect(path, head[..read]);
    }

    /// <summary>Decides a format from a file's name and its first bytes.</summary>
    /// <param name="path">The file's name (for the extension).</param>
    /// <param name="head">Its first bytes (up to <see cref="HeadLength"/>).</param>
    /// <returns>The format.</returns>
    public static BookFormat Detect(string path, ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return BookFormat.Pdf;
        }

        // A Palm database says what it holds at offset 60.
        switch (Palm.PalmDatabase.IdentityOf(head))
        {
            case "BOOKMOBI":
                return BookFormat.Mobi;
            case "TEXtREAd" or "PNRdPPrs" or "PNPdPPrs":
                return BookFormat.PalmDoc;
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            // An EPUB's first zip entry is an uncompressed "mimetype" file holding its media type.
            if (head.IndexOf("application/epub+zip"u8) >= 0 || HasExtension(path, ".epub"))
            {
                return BookFormat.Epub;
            }

            // An OpenDocument's first entry is an uncompressed "mimetype" too.
            if (head.IndexOf("application/vnd.oasis.opendocument.text"u8) >= 0)
            {
                return BookFormat.Odt;
            }

            // Else the first entry's name (at offset 30, its length at 26) says most.
            string first = FirstEntryName(head);
            if (first.EndsWith(".fb2", StringComparison.OrdinalIgnoreCase) || HasExtension(path, ".fbz") || HasExtension(path, ".fb2.zip"))
            {
                return BookFormat.Fb2;
            }

            if (first is "[Content_Types].xml" or "_rels/.rels" || first.StartsWith("word/", StringComparison.Ordinal) || first.StartsWith("docProps/", StringComparison.Ordinal))
            {
                return HasExtension(path, ".docx") || first.StartsWith("word/", StringComparison.Ordinal) || !HasExtension(path, ".xlsx") && !HasExtension(path, ".pptx")
                    ? BookFormat.Docx
                    : BookFormat.Unknown;
            }

            if (HasExtension(path, ".txtz") || HasExtension(path, ".htmlz") || first is "index.txt" or "index.html" or "metadata.opf")
            {
                return BookFormat.CalibreZip;
            }

            // A comic: named so (many .cbr are zips), or a zip whose first entry is ComicInfo.xml, or a page
            // image when it is not named as an archive (a .zip of photos is not a comic).
            if (HasExtension(path, ".cbz") || HasExtension(path, ".cbr") || HasExtension(path, ".cb7")
                || first.Equals("ComicInfo.xml", StringComparison.OrdinalIgnoreCase)
                || (!ArchivePath.IsArchiveOfBooks(path) && Path.GetExtension(first).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp" or ".gif"))
            {
                return BookFormat.Comic;
            }

            return HasExtension(path, ".docx") ? BookFormat.Docx : HasExtension(path, ".odt") ? BookFormat.Odt : BookFormat.Unknown;
        }

        // A comic named so in a RAR or 7z archive (many .cbz are RARs too, renamed).
        if (BookArchive.Kind(head) is "RAR" or "7z" && (HasExtension(path, ".cbr") || HasExtension(path, ".cb7") || HasExtension(path, ".cbz")))
        {
            return BookFormat.Comic;
        }

        if (head.StartsWith("L\0R\0F\0\0\0"u8))
        {
            return BookFormat.Lrf;
        }

        if (head.StartsWith("AT&TFORM"u8))
        {
            return BookFormat.Djvu;
        }

        if (head.StartsWith("{\\rtf"u8))
        {
            return BookFormat.Rtf;
        }

        if (LooksLikeFictionBook(head))
        {
            return BookFormat.Fb2;
        }

        if (head.StartsWith(PngSignature) || head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return BookFormat.Image;
        }

        if (LooksLikeHtml(head))
        {
            return BookFormat.Html;
        }

        if (HasExtension(path, ".html") || HasExtension(path, ".htm") || HasExtension(path, ".xhtml"))
        {
            return BookFormat.Html;
        }

        if (HasExtension(path, ".md") || HasExtension(path, ".markdown"))
        {
            return BookFormat.Markdown;
        }

        if (HasExtension(path, ".txt") || HasExtension(path, ".text"))
        {
            return BookFormat.Text;
        }

        return BookFormat.Unknown;
    }

    /// <summary>The format a file's name promises, for a file whose bytes cannot say (an empty one).</summary>
    /// <param name="path">The file's name.</param>
    /// <returns>The format, or <see cref="BookFormat.Unknown"/>.</returns>
    public static BookFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pdf" => BookFormat.Pdf,
        ".epub" => BookFormat.Epub,
        ".html" or ".htm" or ".xhtml" => BookFormat.Html,
        ".txt" or ".text" => BookFormat.Text,
        ".md" or ".markdown" => BookFormat.Markdown,
        ".lrf" => BookFormat.Lrf,
        ".png" or ".tif" or ".tiff" => BookFormat.Image,
        ".mobi" or ".prc" or ".azw" => BookFormat.Mobi,
        ".azw3" => BookFormat.Azw3,
        ".pdb" => BookFormat.PalmDoc,
        ".fb2" or ".fbz" => BookFormat.Fb2,
        ".docx" => BookFormat.Docx,
        ".odt" => BookFormat.Odt,
        ".txtz" or ".htmlz" => BookFormat.CalibreZip,
        ".rtf" => BookFormat.Rtf,
        ".djvu" or ".djv" => BookFormat.Djvu,
        ".cbz" or ".cbr" or ".cb7" => BookFormat.Comic,
        _ => BookFormat.Unknown,
    };

    /// <summary>The name of a book format whose bytes Bookline recognises but does not read, or null.</summary>
    /// <param name="head">A file's first bytes.</param>
    /// <returns>For example "an eReader book (a Palm database of type PNRdPPrs)".</returns>
    internal static string? Unsupported(ReadOnlySpan<byte> head)
    {
        string? palm = Palm.PalmDatabase.IdentityOf(head);
        string? palmKind = palm switch
        {
            "zTXTGPlm" => "a zTXT book",
            "DataPlkr" => "a Plucker book",
            "ToGoToGo" or "SDocSilX" => "an iSilo book",
            "TEXtTlDc" => "a TealDoc book",
            _ => null,
        };
        if (palmKind is not null)
        {
            return $"{palmKind} (a Palm database of type {palm})";
        }

        return head switch
        {
            _ when head.StartsWith("TPZ"u8) => "a Kindle Topaz book",
            _ when head.StartsWith("CONT"u8) => "a Kindle KFX book",
            _ when head.StartsWith((ReadOnlySpan<byte>)[0xEA, (byte)'D', (byte)'R', (byte)'M', (byte)'I', (byte)'O', (byte)'N', 0xEE]) => "a DRM-protected Kindle KFX book",
            _ when head.StartsWith("ITOLITLS"u8) => "a Microsoft Reader book (LIT)",
            _ when head.StartsWith("ITSF"u8) => "a compiled HTML help file (CHM)",
            _ when head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) => "an OLE compound file (a Word .doc, or an encrypted Office document)",
            _ when BookArchive.Kind(head) is "RAR" or "7z" => $"a {BookArchive.Kind(head)} archive",
            _ => null,
        };
    }

    /// <summary>The name of a zip's first entry, from its local header.</summary>
    private static string FirstEntryName(ReadOnlySpan<byte> head)
    {
        if (head.Length < 30)
        {
            return string.Empty;
        }

        int length = head[26] | (head[27] << 8);
        return 30 + length <= head.Length ? Encoding.UTF8.GetString(head.Slice(30, length)) : string.Empty;
    }

    /// <summary>XML whose first 256 bytes hold a FictionBook root element (shared-mime-info's rule).</summary>
    private static bool LooksLikeFictionBook(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> start = head[..Math.Min(head.Length, 256)];
        return start.IndexOf("<FictionBook"u8) >= 0 || start.IndexOf("<fb:FictionBook"u8) >= 0;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        string start = Encoding.Latin1.GetString(head[..Math.Min(head.Length, 256)]).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');
        return start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && start.Contains("<html", StringComparison.OrdinalIgnoreCase));
    }

    private static bool HasExtension(string path, string extension) =>
        path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
