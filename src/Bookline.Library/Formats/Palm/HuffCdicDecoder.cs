using System.Buffers.Binary;

namespace Bookline.Library.Formats.Palm;

/// <summary>
/// Unpacks MOBI text records compressed with HUFF/CDIC: a canonical Huffman code (the HUFF record)
/// whose symbols are phrases of the dictionary (the CDIC records), each phrase either literal bytes
/// or itself HUFF/CDIC-coded. Phrases are expanded once and kept; a phrase that refers to itself,
/// directly or not, and output past the limit fail the book instead of looping or filling memory.
/// </summary>
internal sealed class HuffCdicDecoder
{
    /// <summary>How deep phrases may expand into phrases: real books use a few levels.</summary>
    private const int MaxDepth = 32;

    // Table 1, by the next 8 bits of input: code length, whether that length is final, and the
    // largest code of that length (left-aligned to 32 bits).
    private readonly (int Length, bool Final, uint MaxCode)[] _byFirstByte = new (int, bool, uint)[256];

    // Table 2, by code length 1..32: the smallest and largest code of that length, left-aligned.
    private readonly uint[] _minCode = new uint[33];
    private readonly uint[] _maxCode = new uint[33];

    // The dictionary: each phrase's bytes, and whether they are expanded already (null while being expanded).
    private readonly List<(byte[]? Bytes, bool Expanded)> _phrases = [];

    private readonly long _limit;

    /// <summary>Reads the HUFF record and the CDIC records that follow it.</summary>
    /// <param name="huff">The HUFF record.</param>
    /// <param name="cdics">The CDIC records, in order.</param>
    /// <param name="limit">The most bytes one record may unpack to.</param>
    /// <exception cref="BookReadException">A record is not what its place says it is.</exception>
    public HuffCdicDecoder(ReadOnlySpan<byte> huff, IEnumerable<byte[]> cdics, long limit)
    {
        _limit = limit;
        if (huff.Length < 24 || !huff.StartsWith("HUFF"u8))
        {
            throw new BookReadException("a HUFF/CDIC book whose HUFF record is missing or damaged");
        }

        int first = (int)BinaryPrimitives.ReadUInt32BigEndian(huff[8..]);
        int second = (int)BinaryPrimitives.ReadUInt32BigEndian(huff[12..]);
        if (first < 0 || first + (256 * 4) > huff.Length || second < 0 || second + (64 * 4) > huff.Length)
        {
            throw new BookReadException("a HUFF/CDIC book whose code tables lie outside the HUFF record");
        }

        for (int i = 0; i < 256; i++)
        {
            uint value = BinaryPrimitives.ReadUInt32BigEndian(huff[(first + (i * 4))..]);
            int length = (int)(value & 0x1F);
            if (length == 0)
            {
                throw new BookReadException("a HUFF/CDIC book whose code table has a code of length 0");
            }

            _byFirstByte[i] = (length, (value & 0x80) != 0, LeftAlignedMax(value >> 8, length));
        }

        for (int length = 1; length <= 32; length++)
        {
            uint min = BinaryPrimitives.ReadUInt32BigEndian(huff[(second + ((length - 1) * 8))..]);
            uint max = BinaryPrimitives.ReadUInt32BigEndian(huff[(second + ((length - 1) * 8) + 4)..]);
            _minCode[length] = length == 32 ? min : min << (32 - length);
            _maxCode[length] = LeftAlignedMax(max, length);
        }

        foreach (byte[] cdic in cdics)
        {
            ReadDictionary(cdic);
        }
    }

    /// <summary>Unpacks one text record.</summary>
    /// <exception cref="BookReadException">The record refers to phrases the dictionary does not have, or unpacks past the limit.</exception>
    public void Decode(ReadOnlySpan<byte> record, List<byte> output) => Decode(record, output, 0);

    private static uint LeftAlignedMax(uint max, int length) =>
        length == 32 ? max : (uint)((((ulong)max + 1) << (32 - length)) - 1);

    private void ReadDictionary(byte[] cdic)
    {
        if (cdic.Length < 16 || !cdic.AsSpan().StartsWith("CDIC"u8))
        {
            throw new BookReadException("a HUFF/CDIC book whose CDIC record is missing or damaged");
        }

        int total = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(cdic.AsSpan(8)), int.MaxValue);
        int bits = (int)BinaryPrimitives.ReadUInt32BigEndian(cdic.AsSpan(12));
        int count = Math.Min(1 << Math.Clamp(bits, 0, 16), total - _phrases.Count);
        for (int i = 0; i < count; i++)
        {
            int at = 16 + (i * 2);
            if (at + 2 > cdic.Length)
            {
                throw new BookReadException("a HUFF/CDIC book whose CDIC record is cut short");
            }

            int entry = 16 + BinaryPrimitives.ReadUInt16BigEndian(cdic.AsSpan(at));
            if (entry + 2 > cdic.Length)
            {
                throw new BookReadException("a HUFF/CDIC book whose phrase lies outside its CDIC record");
            }

            int header = BinaryPrimitives.ReadUInt16BigEndian(cdic.AsSpan(entry));
            int length = Math.Min(header & 0x7FFF, cdic.Length - entry - 2);
            _phrases.Add((cdic.AsSpan(entry + 2, length).ToArray(), (header & 0x8000) != 0));
        }
    }

    private void Decode(ReadOnlySpan<byte> data, List<byte> output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new BookReadException("a HUFF/CDIC book whose phrases nest too deep (a phrase that refers to itself?)");
        }

        long bitsLeft = data.Length * 8L;
        int position = 0;
        ulong window = Window(data, 0);
        int shift = 32;
        while (true)
        {
            if (shift <= 0)
            {
                position += 4;
                window = Window(data, position);
                shift += 32;
            }

            uint code = (uint)(window >> shift);
            (int length, bool final, uint maxCode) = _byFirstByte[code >> 24];
            if (!final)
            {
                while (length < 32 && code < _minCode[length])
                {
                    length++;
                }

                maxCode = _maxCode[length];
            }

            shift -= length;
            bitsLeft -= length;
            if (bitsLeft < 0)
            {
                break;
            }

            long index = (long)(maxCode - code) >> (32 - length);
            if (index < 0 || index >= _phrases.Count)
            {
                throw new BookReadException("a HUFF/CDIC book whose text refers to a phrase its dictionary does not have");
            }

            (byte[]? phrase, bool expanded) = _phrases[(int)index];
            if (phrase is null)
            {
                throw new BookReadException("a HUFF/CDIC book whose phrase refers to itself");
            }

            if (!expanded)
            {
                _phrases[(int)index] = (null, false); // being expanded: a reference back to it is a loop
                var expansion = new List<byte>();
                Decode(phrase, expansion, depth + 1);
                phrase = [.. expansion];
                _phrases[(int)index] = (phrase, true);
            }

            output.AddRange(phrase);
            if (output.Count > _limit)
            {
                throw new BookReadException("a HUFF/CDIC record that unpacks past the limit (a decompression bomb?)");
            }
        }
    }

    /// <summary>The 64 bits from a byte position, big-endian, zeros past the end.</summary>
    private static ulong Window(ReadOnlySpan<byte> data, int position)
    {
        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        if (position < data.Length)
        {
            data.Slice(position, Math.Min(8, data.Length - position)).CopyTo(eight);
        }

        return BinaryPrimitives.ReadUInt64BigEndian(eight);
    }
}
