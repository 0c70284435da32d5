using System.Buffers.Binary;
using System.Text;

namespace Bookline.Library.Formats.Palm;

/// <summary>
/// What a book's record 0 says: the PalmDOC header (compression, text length and records,
/// encryption) and, in a MOBI book, the MOBI header and its EXTH metadata. Offsets are from the
/// record's start; a field past the header's declared length is taken as absent.
/// </summary>
internal sealed class MobiHeader
{
    public const int None = unchecked((int)0xFFFFFFFF);

    private MobiHeader()
    {
    }

    /// <summary>1 none, 2 PalmDOC, 0x4448 HUFF/CDIC.</summary>
    public int Compression { get; private init; }

    /// <summary>How many text records follow record 0.</summary>
    public int TextRecords { get; private init; }

    /// <summary>The size a text record unpacks to (4,096 as a rule).</summary>
    public int RecordSize { get; private init; }

    /// <summary>Non-zero for a DRM-protected book.</summary>
    public int Encryption { get; private init; }

    /// <summary>True when a MOBI header follows the PalmDOC header.</summary>
    public bool IsMobi { get; private init; }

    /// <summary>The text's encoding: 65001 UTF-8, else Windows-1252.</summary>
    public int CodePage { get; private init; } = 1252;

    /// <summary>The MOBI format version: 8 for KF8 (AZW3).</summary>
    public int Version { get; private init; }

    /// <summary>The book's full title, from the header.</summary>
    public string? FullName { get; private init; }

    /// <summary>The Windows language id of the book's locale, or 0.</summary>
    public int Language { get; private init; }

    /// <summary>The first image record (relative to this header's record), or <see cref="None"/>.</summary>
    public int FirstImage { get; private init; } = None;

    /// <summary>The extra data flags of the text records (trailing entries).</summary>
    public int ExtraDataFlags { get; private init; }

    /// <summary>KF8: the FDST record (relative to this header's record), or <see cref="None"/>.</summary>
    public int FdstIndex { get; private init; } = None;

    /// <summary>KF8: how many flows FDST lists.</summary>
    public int FdstCount { get; private init; }

    /// <summary>KF8: the skeleton index, <see cref="None"/> in a MOBI 6 book.</summary>
    public int SkeletonIndex { get; private init; } = None;

    /// <summary>The record of the HUFF table of a HUFF/CDIC book (its CDIC records follow it), or <see cref="None"/>.</summary>
    public int HuffIndex { get; private init; } = None;

    /// <summary>How many records the HUFF table and its CDIC records take.</summary>
    public int HuffCount { get; private init; }

    /// <summary>The EXTH records by id, each id's records in order.</summary>
    public IReadOnlyDictionary<int, List<byte[]>> Exth { get; private init; } = new Dictionary<int, List<byte[]>>();

    /// <summary>The encoding of the text and of EXTH strings.</summary>
    public Encoding Encoding => CodePage == 65001 ? Encoding.UTF8 : Encoding.GetEncoding(1252);

    /// <summary>True for a KF8 book (a standalone AZW3, or the KF8 half of a joint file).</summary>
    public bool IsKf8 => Version == 8 || SkeletonIndex != None;

    /// <summary>Reads record 0 of a book.</summary>
    /// <exception cref="BookReadException">The record is too short for a PalmDOC header.</exception>
    public static MobiHeader Parse(ReadOnlySpan<byte> record)
    {
        if (record.Length < 16)
        {
            throw new BookReadException("record 0 is shorter than a PalmDOC header");
        }

        int compression = BinaryPrimitives.ReadUInt16BigEndian(record);
        int textRecords = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
        int recordSize = BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
        bool mobi = record.Length >= 24 && record.Slice(16, 4).SequenceEqual("MOBI"u8);
        if (!mobi)
        {
            return new MobiHeader { Compression = compression, TextRecords = textRecords, RecordSize = recordSize };
        }

        int length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(record[20..]), (uint)(record.Length - 16));
        int end = 16 + length;
        ReadOnlySpan<byte> header = record[..end];
        int U32(ReadOnlySpan<byte> h, int offset) => offset + 4 <= h.Length ? (int)BinaryPrimitives.ReadUInt32BigEndian(h[offset..]) : None;
        int U16(ReadOnlySpan<byte> h, int offset) => offset + 2 <= h.Length ? BinaryPrimitives.ReadUInt16BigEndian(h[offset..]) : 0;

        int nameOffset = U32(header, 0x54), nameLength = U32(header, 0x58);
        string? fullName = nameOffset > 0 && nameLength > 0 && (long)nameOffset + nameLength <= record.Length
            ? record.Slice(nameOffset, nameLength).ToArray() is var bytes ? Decode(bytes, U32(header, 0x1C)) : null
            : null;
        int exthFlags = U32(header, 0x80);
        return new MobiHeader
        {
            Compression = compression,
            TextRecords = textRecords,
            RecordSize = recordSize,
            Encryption = BinaryPrimitives.ReadUInt16BigEndian(record[12..]),
            IsMobi = true,
            CodePage = U32(header, 0x1C) == 65001 ? 65001 : 1252,
            Version = U32(header, 0x24),
            FullName = fullName,
            Language = U32(header, 0x5C) is var locale and not None ? locale & 0xFF : 0,
            FirstImage = U32(header, 0x6C),
            // Valid only in a header long enough to hold them.
            ExtraDataFlags = length >= 0xE4 ? U16(header, 0xF2) : 0,
            FdstIndex = U32(header, 0xC0),
            FdstCount = U32(header, 0xC4) is var count and not None ? count : 0,
            SkeletonIndex = U32(header, 0xFC),
            HuffIndex = U32(header, 0x70),
            HuffCount = U32(header, 0x74) is var huffs and not None ? huffs : 0,
            Exth = exthFlags != None && (exthFlags & 0x40) != 0 ? ReadExth(record, end) : new Dictionary<int, List<byte[]>>(),
        };
    }

    /// <summary>An EXTH string, in the book's encoding, or null.</summary>
    public string? Text(int id) => Texts(id).FirstOrDefault();

    /// <summary>Every EXTH string of an id, in order.</summary>
    public IEnumerable<string> Texts(int id) =>
        Exth.TryGetValue(id, out List<byte[]>? values)
            ? values.Select(v => TextTools.Clean(Decode(v, CodePage))).OfType<string>()
            : [];

    /// <summary>An EXTH number, or null.</summary>
    public int? Number(int id) =>
        Exth.TryGetValue(id, out List<byte[]>? values) && values[0].Length is >= 1 and <= 4
            ? values[0].Aggregate(0, (n, b) => (n << 8) | b)
            : null;

    private static string Decode(byte[] bytes, int codePage) =>
        (codePage == 65001 ? Encoding.UTF8 : Encoding.GetEncoding(1252)).GetString(bytes).TrimEnd('\0');

    private static Dictionary<int, List<byte[]>> ReadExth(ReadOnlySpan<byte> record, int start)
    {
        var exth = new Dictionary<int, List<byte[]>>();
        if (start + 12 > record.Length || !record.Slice(start, 4).SequenceEqual("EXTH"u8))
        {
            return exth;
        }

        uint count = BinaryPrimitives.ReadUInt32BigEndian(record[(start + 8)..]);
        int at = start + 12;
        for (uint i = 0; i < count && at + 8 <= record.Length; i++)
        {
            int id = (int)BinaryPrimitives.ReadUInt32BigEndian(record[at..]);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(record[(at + 4)..]);
            if (size < 8 || at + size > record.Length)
            {
                break; // a damaged record: what came before it stands
            }

            if (!exth.TryGetValue(id, out List<byte[]>? values))
            {
                exth[id] = values = [];
            }

            values.Add(record.Slice(at + 8, (int)size - 8).ToArray());
            at += (int)size;
        }

        return exth;
    }
}
