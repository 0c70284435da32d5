using System.Text;
using UtfUnknown;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads plain text in whatever encoding real libraries mix: a byte-order mark decides first, then
/// valid UTF-8 is UTF-8, then a statistical detector, and Windows-1252 when nothing is sure. The
/// encoding chosen and why are kept with the book.
/// </summary>
public sealed class TextBookReader : IBookReader
{
    /// <inheritdoc />
    public BookFormat Format => BookFormat.Text;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextBookReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most a file may cost; null for <see cref="ReadLimits.Default"/>.</param>
    public TextBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    private readonly ReadLimits _limits;

    /// <summary>Reads a text file, or its first <see cref="ReadLimits.MaxTextBytes"/> bytes when it is longer (with a warning).</summary>
    /// <param name="content">The open file.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Not used: a bounded read of one file.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file is empty or holds binary data.</exception>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        content.Position = 0;
        long length = content.Length;
        var bytes = new byte[Math.Min(length, _limits.MaxTextBytes)];
        bytes = bytes[..content.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)];
        if (bytes.Length == 0)
        {
            throw new BookReadException("empty file");
        }

        var warnings = new List<string>();
        if (length > bytes.Length)
        {
            // A cut may fall inside a character; the incomplete end would make valid UTF-8 look invalid.
            bytes = bytes[..CompleteUtf8Length(bytes)];
            warnings.Add($"only the first {ReadLimits.Size(bytes.Length)} of {ReadLimits.Size(length)} read (the limit for text files)");
        }

        (string text, string encoding) = Decode(bytes);
        if (text.Count(c => c == '\0' || (char.IsControl(c) && c is not '\n' and not '\r' and not '\t' and not '\f')) > text.Length / 100 + 1)
        {
            throw new BookReadException("binary data, not text");
        }

        var (title, author) = FindTitleAndAuthor(text);
        return new ExtractedBook(BookFormat.Text, title ?? TextTools.TitleFromFileName(path), author, null, null, TextTools.Collapse(TextNormalizer.JoinHyphenatedLines(text)), encoding, warnings);
    }

    /// <summary>The length of <paramref name="bytes"/> without a UTF-8 sequence cut at its end.</summary>
    private static int CompleteUtf8Length(byte[] bytes)
    {
        // Back over at most three continuation bytes to the lead byte of the last sequence.
        int lead = bytes.Length - 1;
        while (lead > 0 && bytes.Length - lead < 4 && (bytes[lead] & 0xC0) == 0x80)
        {
            lead--;
        }

        int needed = bytes[lead] switch
        {
            < 0x80 => 1,
            >= 0xF0 => 4,
            >= 0xE0 => 3,
            >= 0xC0 => 2,
            _ => 1,
        };
        return bytes.Length - lead < needed ? lead : bytes.Length;
    }

    internal static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return (Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), "utf-8 (byte-order mark)");
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "utf-16le (byte-order mark)");
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "utf-16be (byte-order mark)");
        }

        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            // not UTF-8: ask the detector
        }

        DetectionDetail? detected = CharsetDetector.DetectFromBytes(bytes).Detected;
        if (detected?.Encoding is { } encoding && detected.Confidence >= 0.5f && encoding.CodePage != Encoding.UTF8.CodePage)
        {
            return (encoding.GetString(bytes), FormattableString.Invariant($"{detected.EncodingName} (detected, confidence {detected.Confidence:F2})"));
        }

        return (Encoding.GetEncoding(1252).GetString(bytes), "windows-1252 (fallback)");
    }

    /// <summary>Project Gutenberg style "Title:" and "Author:" lines near the top, else the first line as title.</summary>
    private static (string? Title, string? Author) FindTitleAndAuthor(string text)
    {
        string? title = null, author = null, firstLine = null;
        using var reader = new StringReader(text);
        for (int i = 0; i < 80 && reader.ReadLine() is { } line; i++)
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("Title:", StringComparison.OrdinalIgnoreCase))
            {
                title ??= TextTools.Clean(trimmed[6..]);
            }
            else if (trimmed.StartsWith("Author:", StringComparison.OrdinalIgnoreCase))
            {
                author ??= TextTools.Clean(trimmed[7..]);
            }
            else if (firstLine is null && trimmed.Length is > 0 and <= 120)
            {
                firstLine = trimmed;
            }
        }

        return (title ?? firstLine, author);
    }
}
