namespace Bookline.Library.Formats.Palm;

/// <summary>
/// PalmDOC's compression (LZ77 with a 2,047-byte window, and spaces folded into the next letter),
/// and the trailing entries a MOBI text record may carry after its compressed bytes.
/// </summary>
internal static class PalmDocCompression
{
    /// <summary>Unpacks one record into <paramref name="output"/>, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="BookReadException">The record refers back before its own start, or unpacks past the limit.</exception>
    public static void Decompress(ReadOnlySpan<byte> source, List<byte> output, int limit)
    {
        int start = output.Count;
        for (int i = 0; i < source.Length; i++)
        {
            byte c = source[i];
            if (c is 0 or >= 0x09 and <= 0x7F)
            {
                output.Add(c);
            }
            else if (c <= 0x08)
            {
                // The next c bytes as they are.
                int count = Math.Min(c, source.Length - i - 1);
                for (int k = 1; k <= count; k++)
                {
                    output.Add(source[i + k]);
                }

                i += count;
            }
            else if (c <= 0xBF)
            {
                if (i + 1 >= source.Length)
                {
                    break; // a pair cut at the record's end: nothing more to unpack
                }

                int pair = (c << 8) | source[++i];
                int distance = (pair >> 3) & 0x7FF;
                int length = (pair & 7) + 3;
                if (distance == 0 || distance > output.Count - start)
                {
                    throw new BookReadException(FormattableString.Invariant($"damaged PalmDOC compression: a copy from {distance} bytes back, before the record's start"));
                }

                // Byte by byte: the copy may overlap what it writes.
                for (int k = 0; k < length; k++)
                {
                    output.Add(output[output.Count - distance]);
                }
            }
            else
            {
                output.Add((byte)' ');
                output.Add((byte)(c ^ 0x80));
            }

            if (output.Count - start > limit)
            {
                throw new BookReadException(FormattableString.Invariant($"a text record unpacks to more than {limit} bytes"));
            }
        }
    }

    /// <summary>
    /// The record without the trailing entries that <paramref name="flags"/> (the MOBI header's extra
    /// data flags) say it carries: each set bit from bit 1 up is an entry whose size is written
    /// backwards at the record's end; bit 0 is a count of bytes of a character cut at the record's end.
    /// </summary>
    public static ReadOnlySpan<byte> WithoutTrailingEntries(ReadOnlySpan<byte> record, int flags)
    {
        int end = record.Length;
        for (int bit = 1; bit < 16; bit++)
        {
            if ((flags & (1 << bit)) == 0)
            {
                continue;
            }

            // The size, seven bits a byte, read from the end backwards; the byte with 0x80 set is its first.
            int size = 0;
            for (int k = 0, shift = 0; k < 4 && end - 1 - k >= 0; k++, shift += 7)
            {
                byte b = record[end - 1 - k];
                size |= (b & 0x7F) << shift;
                if ((b & 0x80) != 0)
                {
                    break;
                }
            }

            if (size <= 0 || size > end)
            {
                return record[..end]; // a size that cannot be: keep what is there rather than lose the record
            }

            end -= size;
        }

        if ((flags & 1) != 0 && end > 0)
        {
            end -= Math.Min(end, (record[end - 1] & 3) + 1);
        }

        return record[..end];
    }
}
