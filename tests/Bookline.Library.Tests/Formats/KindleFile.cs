using System.Buffers.Binary;
using System.Text;

namespace Bookline.Library.Tests.Formats;

/// <summary>
/// Builds Kindle (MOBI 6) and PalmDOC files byte by byte, after the layouts in the format notes:
/// a Palm database header, its record list, record 0 (PalmDOC header, MOBI header of 0xE8 bytes,
/// EXTH, the full name), the text records, an image record and the end-of-file record.
/// </summary>
internal static class KindleFile
{
    /// <summary>A MOBI 6 book whose text records are given as stored (already compressed, or not when <paramref name="compression"/> is 1).</summary>
    public static byte[] Mobi(
        IReadOnlyList<byte[]> textRecords,
        int compression = 2,
        int encryption = 0,
        int extraFlags = 0,
        string fullName = "The Full Name",
        IReadOnlyList<(int Id, byte[] Data)>? exth = null,
        byte[]? cover = null,
        IReadOnlyList<byte[]>? huffRecords = null)
    {
        exth ??= [];
        huffRecords ??= [];
        var exthBytes = new List<byte>();
        foreach ((int id, byte[] data) in exth)
        {
            exthBytes.AddRange(U32(id));
            exthBytes.AddRange(U32(8 + data.Length));
            exthBytes.AddRange(data);
        }

        int exthLength = 12 + exthBytes.Count;
        byte[] exthRecord = [.. "EXTH"u8, .. U32(exthLength), .. U32(exth.Count), .. exthBytes, .. new byte[(4 - (exthLength % 4)) % 4]];
        const int mobiLength = 0xE8;
        byte[] name = Encoding.UTF8.GetBytes(fullName);
        int nameOffset = 16 + mobiLength + exthRecord.Length;
        int firstImage = cover is null ? -1 : 1 + textRecords.Count + huffRecords.Count;

        var rec0 = new byte[nameOffset + name.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(rec0, (ushort)compression);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(4), (uint)textRecords.Sum(r => r.Length));
        BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(8), (ushort)textRecords.Count);
        BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(10), 4096);
        BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(12), (ushort)encryption);
        "MOBI"u8.CopyTo(rec0.AsSpan(16));
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(20), mobiLength);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(24), 2); // a book
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x1C), 65001);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x24), 6);
        for (int offset = 0x28; offset < 0x50; offset += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(offset), uint.MaxValue); // no dictionary indexes
        }

        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x50), (uint)(1 + textRecords.Count));
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x54), (uint)nameOffset);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x58), (uint)name.Length);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x5C), 0x09); // English
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x6C), unchecked((uint)firstImage));
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x70), huffRecords.Count == 0 ? uint.MaxValue : (uint)(1 + textRecords.Count));
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x74), (uint)huffRecords.Count);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0x80), 0x40); // EXTH follows
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0xC0), uint.MaxValue);
        BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(0xF2), (ushort)extraFlags);
        BinaryPrimitives.WriteUInt32BigEndian(rec0.AsSpan(0xFC), uint.MaxValue);
        exthRecord.CopyTo(rec0.AsSpan(16 + mobiLength));
        name.CopyTo(rec0.AsSpan(nameOffset));

        List<byte[]> records = [rec0, .. textRecords, .. huffRecords];
        if (cover is not null)
        {
            records.Add(cover);
        }

        records.Add([0xE9, 0x8E, 0x0D, 0x0A]);
        return Database("BOOKMOBI", records);
    }

    /// <summary>A PalmDOC book (TEXtREAd) of uncompressed text records.</summary>
    public static byte[] PalmDoc(string name, params string[] records)
    {
        var rec0 = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(rec0, 1);
        BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(8), (ushort)records.Length);
        BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(10), 4096);
        return Database("TEXtREAd", [rec0, .. records.Select(r => Encoding.Latin1.GetBytes(r))], name);
    }

    /// <summary>A Palm database of these records.</summary>
    public static byte[] Database(string identity, IReadOnlyList<byte[]> records, string name = "mangled_title")
    {
        int start = 78 + (8 * records.Count) + 2;
        var file = new List<byte>();
        var header = new byte[78];
        Encoding.Latin1.GetBytes(name).AsSpan(0, Math.Min(31, name.Length)).CopyTo(header);
        Encoding.Latin1.GetBytes(identity).CopyTo(header.AsSpan(60));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(76), (ushort)records.Count);
        file.AddRange(header);
        for (int i = 0; i < records.Count; i++)
        {
            file.AddRange(U32(start));
            file.AddRange(U32(i * 2)); // attributes and id
            start += records[i].Length;
        }

        file.AddRange(new byte[2]);
        foreach (byte[] record in records)
        {
            file.AddRange(record);
        }

        return [.. file];
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] U32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, unchecked((uint)value));
        return bytes;
    }
}
