using System.Buffers.Binary;
using System.Text;

namespace Bookline.Library.Formats.Palm;

/// <summary>
/// A Palm database (PDB), the container of MOBI, AZW3, PRC and PalmDOC books: a 78-byte header,
/// a list of record offsets, and the records, each running to the next one's offset (the last to
/// the end of the file). Integers are big-endian. Every offset is checked before it is used.
/// </summary>
internal sealed class PalmDatabase
{
    private const int HeaderLength = 78;
    private readonly byte[] _data;
    private readonly int[] _starts;

    private PalmDatabase(byte[] data, string name, string identity, int[] starts)
    {
        _data = data;
        Name = name;
        Identity = identity;
        _starts = starts;
    }

    /// <summary>The database's name: often a mangled title, never the real one.</summary>
    public string Name { get; }

    /// <summary>The type and creator at offset 60, which say what the records hold: BOOKMOBI, TEXtREAd …</summary>
    public string Identity { get; }

    /// <summary>How many records there are.</summary>
    public int Count => _starts.Length;

    /// <summary>The identity at offset 60 of a file's first bytes, or null when they are too few.</summary>
    public static string? IdentityOf(ReadOnlySpan<byte> head) => head.Length >= 68 ? Encoding.Latin1.GetString(head.Slice(60, 8)) : null;

    /// <summary>Reads the header and the record list.</summary>
    /// <exception cref="BookReadException">The header or the record list is damaged.</exception>
    public static PalmDatabase Parse(byte[] data)
    {
        if (data.Length < HeaderLength)
        {
            throw new BookReadException("a Palm database shorter than its header");
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(76));
        if (count == 0 || HeaderLength + (8L * count) > data.Length)
        {
            throw new BookReadException(FormattableString.Invariant($"a Palm database whose record list ({count} records) does not fit in the file"));
        }

        var starts = new int[count];
        for (int i = 0; i < count; i++)
        {
            uint start = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(HeaderLength + (8 * i)));
            if (start >= data.Length || (i > 0 && start < starts[i - 1]))
            {
                throw new BookReadException(FormattableString.Invariant($"record {i} of the Palm database starts at {start}, out of order or past the end of the file"));
            }

            starts[i] = (int)start;
        }

        string name = Encoding.Latin1.GetString(data.AsSpan(0, 32)).TrimEnd('\0');
        return new PalmDatabase(data, name, IdentityOf(data) ?? string.Empty, starts);
    }

    /// <summary>Record <paramref name="index"/>'s bytes.</summary>
    /// <exception cref="BookReadException">There is no such record.</exception>
    public ReadOnlySpan<byte> Record(int index)
    {
        if ((uint)index >= (uint)_starts.Length)
        {
            throw new BookReadException(FormattableString.Invariant($"the book names record {index}, but the file has {_starts.Length}"));
        }

        int end = index + 1 < _starts.Length ? _starts[index + 1] : _data.Length;
        return _data.AsSpan(_starts[index], end - _starts[index]);
    }

    /// <summary>True when record <paramref name="index"/> exists.</summary>
    public bool Has(int index) => (uint)index < (uint)_starts.Length;
}
