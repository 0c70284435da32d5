using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Bookline.Library.Formats.Palm;

/// <summary>
/// An eReader book (a Palm database of type PNRdPPrs, as calibre and DropBook write it): a
/// 132-byte first record saying how the text records are packed (PalmDOC or zlib; 260 and 272 are
/// DRM), where the text records end and where the metadata record is (title, author, publisher,
/// ISBN, NUL-separated); the text is PML markup in Windows-1252.
/// </summary>
internal static partial class EReaderBook
{
    /// <summary>Reads the text and metadata of an eReader book.</summary>
    /// <exception cref="BookReadException">It is DRM-protected, of an older layout, or damaged.</exception>
    public static (string Text, BookMetadata Metadata, List<string> Warnings) Read(PalmDatabase database, ReadLimits limits, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> header = database.Record(0);
        if (header.Length != 132)
        {
            throw new BookReadException(FormattableString.Invariant($"an eReader book of the older Makebook layout (a first record of {header.Length} bytes), which Bookline does not read"));
        }

        int compression = BinaryPrimitives.ReadUInt16BigEndian(header);
        if (compression is 260 or 272)
        {
            throw new BookReadException("DRM-protected: Bookline cannot read it");
        }

        if (compression is not (2 or 10))
        {
            throw new BookReadException(FormattableString.Invariant($"an eReader book with an unknown text compression ({compression})"));
        }

        int nonText = BinaryPrimitives.ReadUInt16BigEndian(header[12..]);
        bool hasMetadata = BinaryPrimitives.ReadUInt16BigEndian(header[24..]) != 0;
        int metadataRecord = BinaryPrimitives.ReadUInt16BigEndian(header[44..]);
        var warnings = new List<string>();
        var bytes = new List<byte>();
        for (int i = 1; i < nonText; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!database.Has(i))
            {
                warnings.Add(FormattableString.Invariant($"the book names {nonText - 1} text records, but the file ends after {i - 1}"));
                break;
            }

            ReadOnlySpan<byte> record = database.Record(i);
            long room = limits.MaxUnpackedBytes - bytes.Count;
            if (compression == 2)
            {
                PalmDocCompression.Decompress(record, bytes, (int)Math.Min(room, int.MaxValue));
            }
            else
            {
                Inflate(record, bytes, room);
            }

            if (bytes.Count >= limits.MaxUnpackedBytes)
            {
                warnings.Add($"the text unpacks to more than {ReadLimits.Size(limits.MaxUnpackedBytes)}: the rest is left out");
                break;
            }
        }

        Encoding cp1252 = Encoding.GetEncoding(1252);
        BookMetadata metadata = BookMetadata.Empty;
        if (hasMetadata && database.Has(metadataRecord))
        {
            string[] fields = cp1252.GetString(database.Record(metadataRecord)).Split('\0');
            string? Field(int i) => i < fields.Length ? TextTools.Clean(fields[i]) : null;
            metadata = new BookMetadata
            {
                Title = Field(0),
                Authors = Field(1) is { } authors ? [.. authors.Split([" & ", ";"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [],
                Publisher = Field(3),
                Identifiers = Field(4) is { } isbn ? [BookIdentifier.Normalized("isbn", isbn)] : [],
            };
        }

        return (StripMarkup(cp1252.GetString([.. bytes])), metadata, warnings);
    }

    private static void Inflate(ReadOnlySpan<byte> record, List<byte> output, long room)
    {
        using var zlib = new ZLibStream(new MemoryStream(record.ToArray()), CompressionMode.Decompress);
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while (room > 0 && (n = zlib.Read(buffer, 0, (int)Math.Min(buffer.Length, room))) > 0)
            {
                output.AddRange(buffer.AsSpan(0, n));
                room -= n;
            }
        }
        catch (InvalidDataException exception)
        {
            throw new BookReadException($"a damaged eReader book: a text record cannot be unpacked ({exception.Message})", exception);
        }
    }

    /// <summary>The text a reader sees in PML: hidden text (<c>\v…\v</c>) and commands removed, character codes decoded.</summary>
    internal static string StripMarkup(string pml)
    {
        string visible = Hidden().Replace(pml, string.Empty);
        return Command().Replace(visible, match => match.Value switch
        {
            @"\\" => "\\",
            ['\\', 'p', ..] or ['\\', 'x', ..] or ['\\', 'X', ..] or ['\\', 'c', ..] or ['\\', 'r', ..] => "\n\n",
            ['\\', 'a', .. var code] => ((char)Encoding.GetEncoding(1252).GetString([(byte)Math.Min(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), 255)])[0]).ToString(),
            ['\\', 'U', .. var hex] => ((char)Convert.ToInt32(hex, 16)).ToString(),
            _ => string.Empty,
        });
    }

    [GeneratedRegex(@"\\v.*?\\v", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    // \\ ; \aNNN ; \UXXXX ; a command with an argument (\m="x", \C0="x", \T="x") ; \X0-\X4, \Sp, \Sb, \Sd ; any other one-letter command.
    [GeneratedRegex(@"\\\\|\\a\d{3}|\\U[0-9A-Fa-f]{4}|\\[A-Za-z]\d?=""[^""]*""|\\X\d|\\S[pbd]|\\[A-Za-z-]")]
    private static partial Regex Command();
}
