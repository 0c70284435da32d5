using System.Buffers.Binary;
using System.Text;
using Bookline.Library.Formats.Palm;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads Kindle and Mobipocket books: MOBI, PRC and AZW (a Palm database whose record 0 holds a
/// MOBI header and EXTH metadata, then PalmDOC-compressed HTML records), AZW3 (KF8, whose text
/// is the first flow of its FDST table), and the joint MOBI + KF8 files kindlegen makes, of which
/// the KF8 half is read. A DRM-protected book fails as one, never as garbage text.
/// </summary>
public sealed class MobiBookReader : IBookReader
{
    private const int HuffCdic = 0x4448;

    private readonly ReadLimits _limits;

    static MobiBookReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most text a book may unpack to, and how deep its HTML may nest; null for <see cref="ReadLimits.Default"/>.</param>
    public MobiBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Mobi;

    /// <inheritdoc />
    /// <exception cref="BookReadException">The book is DRM-protected, HUFF/CDIC-compressed, or damaged.</exception>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        PalmDatabase database = PalmDatabase.Parse(ReadAll(content));
        MobiHeader header = MobiHeader.Parse(database.Record(0));
        if (!header.IsMobi)
        {
            throw new BookReadException("a Kindle book without a MOBI header");
        }

        // A joint file: a MOBI 6 book, then a record "BOUNDARY", then a KF8 book whose record numbers count from its own header.
        int kf8Start = 0;
        MobiHeader text = header;
        if (!header.IsKf8 && header.Number(121) is int boundary and > 0 && database.Has(boundary)
            && database.Record(boundary - 1).StartsWith("BOUNDARY"u8))
        {
            kf8Start = boundary;
            text = MobiHeader.Parse(database.Record(boundary));
        }

        if (header.Encryption != 0 || text.Encryption != 0)
        {
            throw new BookReadException("DRM-protected: Bookline cannot read it");
        }

        var warnings = new List<string>();
        string body = ReadText(database, text, kf8Start, warnings, cancellationToken);
        string html = text.IsKf8 ? FirstFlow(database, text, kf8Start, body) : body;
        string plain = HtmlText.Extract(HtmlText.Parse(html, _limits.MaxHtmlNesting), wholeDocument: text.IsKf8);

        BookMetadata metadata = MetadataOf(header, database);
        return ExtractedBook.FromMetadata(text.IsKf8 && kf8Start == 0 ? BookFormat.Azw3 : BookFormat.Mobi, metadata, TextTools.TitleFromFileName(path), null, plain, null, warnings) with
        {
            Cover = CoverOf(database, header),
        };
    }

    /// <summary>Reads a PalmDOC book (TEXtREAd): plain text in PalmDOC-compressed records, no metadata but the database's name.</summary>
    internal static ExtractedBook ReadPalmDoc(Stream content, string path, ReadLimits limits, CancellationToken cancellationToken)
    {
        PalmDatabase database = PalmDatabase.Parse(ReadAll(content));
        if (database.Identity is "PNRdPPrs" or "PNPdPPrs")
        {
            (string text, BookMetadata metadata, List<string> notes) = EReaderBook.Read(database, limits, cancellationToken);
            return ExtractedBook.FromMetadata(BookFormat.PalmDoc, metadata, TextTools.Clean(database.Name) ?? TextTools.TitleFromFileName(path), null, TextTools.Collapse(text), "windows-1252", notes);
        }

        MobiHeader header = MobiHeader.Parse(database.Record(0));
        var warnings = new List<string>();
        string raw = new MobiBookReader(limits).ReadText(database, header, 0, warnings, cancellationToken);
        string title = TextTools.Clean(database.Name) ?? TextTools.TitleFromFileName(path);
        return new ExtractedBook(BookFormat.PalmDoc, title, null, null, null, TextTools.Collapse(raw), "windows-1252", warnings);
    }

    private static byte[] ReadAll(Stream content)
    {
        using var memory = new MemoryStream(content.CanSeek ? (int)Math.Min(content.Length, int.MaxValue) : 0);
        content.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>The text records unpacked and decoded, up to <see cref="ReadLimits.MaxUnpackedBytes"/> (beyond it the rest is left out, with a warning).</summary>
    private string ReadText(PalmDatabase database, MobiHeader header, int first, List<string> warnings, CancellationToken cancellationToken)
    {
        HuffCdicDecoder? huff = header.Compression == HuffCdic ? HuffCdicOf(database, header, first) : null;
        if (header.Compression is not (1 or 2) && huff is null)
        {
            throw new BookReadException(FormattableString.Invariant($"an unknown text compression ({header.Compression})"));
        }

        var bytes = new List<byte>(Math.Min(header.TextRecords * 4096, 1 << 20));
        int recordLimit = Math.Max(header.RecordSize, 4096) * 2;
        for (int i = 1; i <= header.TextRecords; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!database.Has(first + i))
            {
                warnings.Add(FormattableString.Invariant($"the book names {header.TextRecords} text records, but the file ends after {i - 1}"));
                break;
            }

            ReadOnlySpan<byte> record = PalmDocCompression.WithoutTrailingEntries(database.Record(first + i), header.ExtraDataFlags);
            if (huff is not null)
            {
                huff.Decode(record, bytes);
            }
            else if (header.Compression == 2)
            {
                PalmDocCompression.Decompress(record, bytes, recordLimit);
            }
            else
            {
                foreach (byte b in record)
                {
                    bytes.Add(b);
                }
            }

            if (bytes.Count > _limits.MaxUnpackedBytes)
            {
                warnings.Add($"the text unpacks to more than {ReadLimits.Size(_limits.MaxUnpackedBytes)}: the rest is left out");
                bytes.RemoveRange((int)_limits.MaxUnpackedBytes, bytes.Count - (int)_limits.MaxUnpackedBytes);
                break;
            }
        }

        return header.Encoding.GetString(bytes.ToArray());
    }

    /// <summary>The HUFF/CDIC decoder of a book, from its HUFF record and the CDIC records after it (record numbers count from <paramref name="first"/>).</summary>
    private HuffCdicDecoder HuffCdicOf(PalmDatabase database, MobiHeader header, int first)
    {
        int huff = first + header.HuffIndex;
        if (header.HuffIndex == MobiHeader.None || header.HuffCount < 2 || !database.Has(huff) || !database.Has(huff + header.HuffCount - 1))
        {
            throw new BookReadException("a HUFF/CDIC book whose HUFF and CDIC records are missing");
        }

        IEnumerable<byte[]> cdics = Enumerable.Range(huff + 1, header.HuffCount - 1).Select(i => database.Record(i).ToArray());
        return new HuffCdicDecoder(database.Record(huff), cdics, _limits.MaxUnpackedBytes);
    }

    /// <summary>A KF8 book's first flow (its XHTML; the others are CSS and SVG), by its FDST table; the whole text without one.</summary>
    private static string FirstFlow(PalmDatabase database, MobiHeader header, int first, string text)
    {
        if (header.FdstCount <= 1 || header.FdstIndex == MobiHeader.None || !database.Has(first + header.FdstIndex))
        {
            return text;
        }

        ReadOnlySpan<byte> fdst = database.Record(first + header.FdstIndex);
        if (fdst.Length < 20 || !fdst.StartsWith("FDST"u8))
        {
            return text;
        }

        // Offsets count bytes of the UTF-8 text, not characters.
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int table = (int)BinaryPrimitives.ReadUInt32BigEndian(fdst[4..]);
        if (table + 8 > fdst.Length)
        {
            return text;
        }

        uint start = BinaryPrimitives.ReadUInt32BigEndian(fdst[table..]);
        uint end = BinaryPrimitives.ReadUInt32BigEndian(fdst[(table + 4)..]);
        return start < end && end <= utf8.Length ? Encoding.UTF8.GetString(utf8, (int)start, (int)(end - start)) : text;
    }

    /// <summary>What the EXTH records say (Amazon's title first, then the header's full name, then the database's name).</summary>
    private static BookMetadata MetadataOf(MobiHeader header, PalmDatabase database)
    {
        var identifiers = new List<BookIdentifier>();
        foreach (string isbn in header.Texts(104))
        {
            identifiers.Add(BookIdentifier.Normalized("isbn", isbn));
        }

        // calibre writes its own book id (a UUID) where Amazon writes the ASIN: only ten letters and digits are an ASIN.
        foreach (string asin in header.Texts(113).Concat(header.Texts(504)).Where(a => a.Length == 10 && a.All(char.IsAsciiLetterOrDigit)).Distinct(StringComparer.Ordinal))
        {
            identifiers.Add(BookIdentifier.Normalized("asin", asin));
        }

        string? publisher = header.Text(101);
        string? language = header.Text(524) ?? LanguageOf(header.Language);
        return new BookMetadata
        {
            Title = header.Text(503) ?? TextTools.Clean(header.FullName) ?? TextTools.Clean(database.Name),
            Authors = [.. header.Texts(100).Distinct(StringComparer.Ordinal)],
            Publisher = string.Equals(publisher, "Unknown", StringComparison.OrdinalIgnoreCase) ? null : publisher,
            Description = header.Text(103) is { } description ? TextTools.Clean(HtmlText.Extract(HtmlText.Parse(description, 64))) : null,
            Identifiers = [.. identifiers.Distinct()],
            Tags = [.. header.Texts(105).SelectMany(s => s.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)],
            Published = header.Text(106) is { Length: >= 4 } date && char.IsAsciiDigit(date[0]) ? date[..Math.Min(10, date.Length)] : null,
            Languages = language is null ? [] : [language],
        };
    }

    /// <summary>A few of the Windows language ids Kindle books carry, as ISO 639-1 codes.</summary>
    private static string? LanguageOf(int id) => id switch
    {
        0x09 => "en",
        0x07 => "de",
        0x0C => "fr",
        0x0A => "es",
        0x10 => "it",
        0x13 => "nl",
        0x16 => "pt",
        0x19 => "ru",
        0x11 => "ja",
        0x04 => "zh",
        _ => null,
    };

    /// <summary>The cover record (the first image record plus EXTH 201), when it holds an image.</summary>
    private static string? CoverOf(PalmDatabase database, MobiHeader header)
    {
        if (header.FirstImage == MobiHeader.None || header.Number(201) is not int offset || offset == MobiHeader.None)
        {
            return null;
        }

        int index = header.FirstImage + offset;
        if (!database.Has(index))
        {
            return null;
        }

        ReadOnlySpan<byte> image = database.Record(index);
        string? extension = image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) ? "jpg"
            : image.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "png"
            : image.StartsWith("GIF8"u8) ? "gif"
            : null;
        return extension is null ? null : FormattableString.Invariant($"record{index}.{extension}");
    }
}
