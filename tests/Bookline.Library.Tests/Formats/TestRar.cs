using System.Buffers.Binary;
using System.Text;

namespace Bookline.Library.Tests.Formats;

/// <summary>
/// RAR 4 archives written byte by byte, files stored (method 0x30, no compression): no free tool
/// writes RAR, and a stored archive has every header a RAR reader checks (marker, main header, one
/// file header per file with its CRC, end of archive).
/// </summary>
internal static class TestRar
{
    public static byte[] Of(params (string Name, byte[] Bytes)[] files)
    {
        using var rar = new MemoryStream();
        rar.Write("Rar!\x1A\x07\x00"u8);
        Block(rar, 0x73, 0x0000, new byte[6]); // main header: two reserved fields
        foreach (var (name, bytes) in files)
        {
            byte[] nameBytes = Encoding.ASCII.GetBytes(name.Replace('/', '\\'));
            var fields = new byte[25 + nameBytes.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(0), (uint)bytes.Length); // packed size
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(4), (uint)bytes.Length); // unpacked size
            fields[8] = 2; // host: Windows
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(9), Crc32(bytes));
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(13), 0x5A210000); // a DOS date in 2025
            fields[17] = 20; // version needed: 2.0
            fields[18] = 0x30; // stored
            BinaryPrimitives.WriteUInt16LittleEndian(fields.AsSpan(19), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(fields.AsSpan(21), 0x20); // archive attribute
            nameBytes.CopyTo(fields, 25);
            Block(rar, 0x74, 0x8000, fields);
            rar.Write(bytes);
        }

        Block(rar, 0x7B, 0x4000, []);
        return rar.ToArray();
    }

    /// <summary>A header: its CRC (the low half of the CRC-32 of the rest), type, flags, size, fields.</summary>
    private static void Block(Stream rar, byte type, ushort flags, byte[] fields)
    {
        var header = new byte[7 + fields.Length];
        header[2] = type;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(5), (ushort)header.Length);
        fields.CopyTo(header, 7);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0), (ushort)Crc32(header.AsSpan(2)));
        rar.Write(header);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
