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

        if (head.StartsWith("PK\x03\x04"u8))
        {
            // An EPUB's first zip entry is an uncompressed "mimetype" file holding its media type.
            return head.IndexOf("application/epub+zip"u8) >= 0 || HasExtension(path, ".epub") ? BookFormat.Epub : BookFormat.Unknown;
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

        if (HasExtension(path, ".txt") || HasExtension(path, ".text") || HasExtension(path, ".md"))
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
        ".txt" or ".text" or ".md" => BookFormat.Text,
        ".png" or ".tif" or ".tiff" => BookFormat.Image,
        _ => BookFormat.Unknown,
    };

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
