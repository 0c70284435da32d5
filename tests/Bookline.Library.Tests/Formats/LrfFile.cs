using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Bookline.Library.Tests.Formats;

/// <summary>
/// Sony BBeB (.lrf) books written byte by byte, laid out as calibre writes them: the 0x58-byte
/// header, the zlib-packed metadata XML, one object per paragraph of text (a Text object whose
/// stream is zlib-packed, and scrambled when asked), and the object index.
/// </summary>
internal static class LrfFile
{
    public static byte[] Of(string metadataXml, bool scramble, params string[] paragraphs)
    {
        byte[] metadata = Zlib(Encoding.UTF8.GetBytes(metadataXml));
        using var file = new MemoryStream();
        file.Write(new byte[0x58]);
        file.Write(metadata);
        var index = new List<(int Id, int Offset, int Size)>();
        int id = 10;
        foreach (string paragraph in paragraphs)
        {
            byte[] text = Encoding.Unicode.GetBytes(paragraph);
            using var stream = new MemoryStream();
            stream.Write([0xA1, 0xF5, 0, 0, 0, 0]); // paragraph start
            stream.Write([0xCC, 0xF5]);
            stream.Write(U16(text.Length));
            stream.Write(text);
            stream.Write([0xA2, 0xF5]); // paragraph end
            byte[] packed = [.. U32((int)stream.Length), .. Zlib(stream.ToArray())];
            if (scramble)
            {
                byte key = (byte)((packed.Length % 0x30) + 0x0F); // the header's key is 0x0030
                for (int i = 0; i < packed.Length; i++)
                {
                    packed[i] ^= key;
                }
            }

            int start = (int)file.Length;
            file.Write([0x00, 0xF5, .. U32(id), .. U16(0x0A)]); // object start: id, type Text
            file.Write([0x54, 0xF5, .. U16(scramble ? 0x300 : 0x100)]); // stream flags: zlib (and scrambled)
            file.Write([0x04, 0xF5, .. U32(packed.Length)]);
            file.Write([0x05, 0xF5]);
            file.Write(packed);
            file.Write([0x06, 0xF5, 0x01, 0xF5]); // stream end, object end
            index.Add((id++, start, (int)file.Length - start));
        }

        int indexAt = (int)file.Length;
        foreach (var (objectId, offset, size) in index)
        {
            file.Write([.. U32(objectId), .. U32(offset), .. U32(size), .. U32(0)]);
        }

        byte[] bytes = file.ToArray();
        "L\0R\0F\0\0"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x08), 999);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x0A), 0x30);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x10), (ulong)index.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x18), (ulong)indexAt);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x4C), (ushort)(metadata.Length + 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x54), (uint)Encoding.UTF8.GetByteCount(metadataXml));
        return bytes;
    }

    /// <summary>Bytes packed as a zlib stream, as LRF and eReader books pack theirs.</summary>
    internal static byte[] Zlib(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var zlib = new ZLibStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return memory.ToArray();
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return bytes;
    }

    private static byte[] U32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value);
        return bytes;
    }
}
