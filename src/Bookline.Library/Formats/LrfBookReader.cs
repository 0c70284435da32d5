using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads Sony BBeB books (.lrf): the metadata block (zlib-packed XML: title, author, publisher,
/// category, description, language, creation date, page count) and the text of every Text object
/// in the object index, unscrambled and unpacked, in file order (the order books are laid out in).
/// </summary>
/// <remarks>
/// All integers are little-endian. A Text object's stream is a run of tags (<c>nn F5</c>); the text
/// is the UTF-16 payload of each <c>F5CC</c>, with a line end at each paragraph end (<c>F5A2</c>)
/// and line break (<c>F5D2</c>). Tags whose payload size is not known are stepped over a byte at a
/// time until the next tag, so an unknown attribute costs a little text, never the book.
/// </remarks>
public sealed class LrfBookReader : IBookReader
{
    private const int TextObject = 0x0A;

    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most a book may unpack to; null for <see cref="ReadLimits.Default"/>.</param>
    public LrfBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Lrf;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        byte[] file = BookFile.ReadAllBytes(content, _limits.MaxLoadedBookBytes, BookReader.FormatName(BookFormat.Lrf));
        if (file.Length < 0x58)
        {
            throw new BookReadException("an LRF book cut short: its header is incomplete");
        }

        ReadOnlySpan<byte> bytes = file;
        int scrambleKey = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x0A..]);
        ulong objects = BinaryPrimitives.ReadUInt64LittleEndian(bytes[0x10..]);
        ulong indexAt = BinaryPrimitives.ReadUInt64LittleEndian(bytes[0x18..]);
        if (objects > (ulong)file.Length / 16 || indexAt > (ulong)file.Length || indexAt + objects * 16 > (ulong)file.Length)
        {
            throw new BookReadException("a damaged LRF book: its object index lies outside the file");
        }

        var warnings = new List<string>();
        Dictionary<string, string> info = [];
        try
        {
            info = Metadata(bytes);
        }
        catch (Exception exception) when (exception is InvalidDataException or XmlException or ArgumentException)
        {
            warnings.Add($"the metadata block cannot be read: {exception.Message}");
        }

        var text = new StringBuilder();
        long budget = _limits.MaxUnpackedBytes;
        for (ulong i = 0; i < objects; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<byte> entry = bytes.Slice((int)indexAt + (int)(i * 16), 16);
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            if (offset >= file.Length || size > file.Length - offset || size < 8)
            {
                continue; // an entry past the file's end: damage, reported below if nothing is read
            }

            ReadOnlySpan<byte> item = bytes.Slice((int)offset, (int)size);
            if (item[0] != 0x00 || item[1] != 0xF5 || BinaryPrimitives.ReadUInt16LittleEndian(item[6..]) != TextObject)
            {
                continue;
            }

            if (Stream(item, scrambleKey, ref budget) is { } stream)
            {
                AppendText(stream, text);
                text.Append('\n');
            }
        }

        if (text.Length == 0 && objects > 0)
        {
            warnings.Add("no text found in the book's objects");
        }

        var metadata = new BookMetadata
        {
            Title = info.GetValueOrDefault("Title"),
            Authors = info.TryGetValue("Author", out string? author) ? [.. author.Split([" & ", ";"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [],
            Publisher = info.GetValueOrDefault("Publisher"),
            Tags = info.TryGetValue("Category", out string? category) ? [category] : [],
            Description = info.GetValueOrDefault("FreeText"),
            Languages = info.TryGetValue("Language", out string? language) ? [language] : [],
            Published = info.GetValueOrDefault("CreationDate"),
        };
        int? pages = int.TryParse(info.GetValueOrDefault("SumPage"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int sum) && sum > 0 ? sum : null;
        return ExtractedBook.FromMetadata(BookFormat.Lrf, metadata, TextTools.TitleFromFileName(path), pages, TextTools.Collapse(text.ToString()), null, warnings) with
        {
            Cover = Thumbnail(bytes),
        };
    }

    /// <summary>The fields of the metadata XML (BookInfo and DocInfo), by element name; the first of each.</summary>
    private static Dictionary<string, string> Metadata(ReadOnlySpan<byte> bytes)
    {
        int packed = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x4C..]) - 4;
        if (packed <= 0 || 0x58 + packed > bytes.Length)
        {
            return [];
        }

        using var zlib = new ZLibStream(new MemoryStream(bytes.Slice(0x58, packed).ToArray()), CompressionMode.Decompress);
        using var xml = XmlReader.Create(zlib, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 1 << 20 });
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        xml.Read();
        while (!xml.EOF)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.Depth != 2 || xml.IsEmptyElement)
            {
                xml.Read();
            }
            else
            {
                // Reading the content moves to the node after the element: no Read() of its own.
                string name = xml.LocalName;
                // "Unknown" is what calibre writes for a field it has no value for.
                if (TextTools.Clean(xml.ReadElementContentAsString()) is { } value && !value.Equals("Unknown", StringComparison.OrdinalIgnoreCase))
                {
                    values.TryAdd(name, value);
                }
            }
        }

        return values;
    }

    /// <summary>The thumbnail after the metadata block, named by its type, when there is one.</summary>
    private static string? Thumbnail(ReadOnlySpan<byte> bytes)
    {
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[0x50..]);
        string? extension = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x4E..]) switch
        {
            0x11 => "jpg",
            0x12 => "png",
            0x13 => "bmp",
            0x14 => "gif",
            _ => null,
        };
        return size > 0 && extension is not null ? "thumbnail." + extension : null;
    }

    /// <summary>The stream of an object (the bytes of its <c>F505</c> tag), unscrambled and unpacked; null when it has none.</summary>
    private static byte[]? Stream(ReadOnlySpan<byte> item, int scrambleKey, ref long budget)
    {
        // F554 flags, F504 size, F505 data: found as the run of tags they always are.
        for (int at = 8; at + 12 <= item.Length; at++)
        {
            if (item[at] != 0x54 || item[at + 1] != 0xF5 || item[at + 4] != 0x04 || item[at + 5] != 0xF5)
            {
                continue;
            }

            int flags = BinaryPrimitives.ReadUInt16LittleEndian(item[(at + 2)..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(item[(at + 6)..]);
            int start = at + 12;
            if (item[at + 10] != 0x05 || item[at + 11] != 0xF5 || size > item.Length - start)
            {
                return null;
            }

            byte[] data = item.Slice(start, (int)size).ToArray();
            if ((flags & 0x200) != 0)
            {
                // Scrambled: every byte of a text stream XORed with one key derived from its length.
                int low = scrambleKey & 0xFF;
                byte key = low is > 0 and <= 0xF0 ? (byte)((data.Length % low) + 0x0F) : (byte)0;
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] ^= key;
                }
            }

            if ((flags & 0x100) != 0 && data.Length > 4)
            {
                uint unpacked = BinaryPrimitives.ReadUInt32LittleEndian(data);
                budget -= unpacked;
                if (budget < 0)
                {
                    throw new BookReadException("the book's text unpacks to more than the limit for one book (a decompression bomb?)");
                }

                using var zlib = new ZLibStream(new MemoryStream(data, 4, data.Length - 4), CompressionMode.Decompress);
                var output = new byte[unpacked];
                int read;
                try
                {
                    read = zlib.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
                }
                catch (InvalidDataException exception)
                {
                    throw new BookReadException($"a damaged LRF book: a text stream cannot be unpacked ({exception.Message})", exception);
                }

                return output[..read];
            }

            return data;
        }

        return null;
    }

    /// <summary>The text of a text stream: each F5CC's UTF-16 run, a line end at each paragraph end or line break.</summary>
    private static void AppendText(ReadOnlySpan<byte> stream, StringBuilder text)
    {
        int at = 0;
        while (at + 1 < stream.Length)
        {
            if (stream[at + 1] != 0xF5)
            {
                at++;
                continue;
            }

            byte tag = stream[at];
            at += 2;
            switch (tag)
            {
                case 0xCC when at + 2 <= stream.Length:
                    int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(stream[at..]), stream.Length - at - 2) & ~1;
                    text.Append(Encoding.Unicode.GetString(stream.Slice(at + 2, length)));
                    at += 2 + length;
                    break;
                case 0xA2 or 0xD2:
                    text.Append('\n');
                    break;
                case 0xA1:
                    at += 4;
                    break;
                case 0xCA:
                    at += 2;
                    break;
                case 0xD1:
                    at += 12;
                    break;
                case 0x16 when at + 2 <= stream.Length:
                    at += 2 + BinaryPrimitives.ReadUInt16LittleEndian(stream[at..]);
                    break;
                case 0x17 or 0x18:
                    at += 4;
                    break;
                case >= 0x11 and <= 0x1E:
                    at += 2;
                    break;
            }
        }
    }
}
