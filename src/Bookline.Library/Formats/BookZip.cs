using System.IO.Compression;
using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>
/// A book that is a zip (DOCX, ODT, TXTZ, HTMLZ, CBZ): its entries counted against the limit, and
/// each entry read through one <see cref="UnpackBudget"/>, so a zip bomb stops at the limits
/// whatever its headers claim. XML is read without a DTD, at most 100 elements deep.
/// </summary>
internal sealed class BookZip : IDisposable
{
    /// <summary>How deep XML elements may nest: Apache Tika's limit.</summary>
    public const int MaxXmlDepth = 100;

    private readonly ZipArchive _zip;
    private readonly UnpackBudget _budget;
    private readonly ReadLimits _limits;

    private BookZip(ZipArchive zip, ReadLimits limits)
    {
        _zip = zip;
        _limits = limits;
        _budget = new UnpackBudget(limits);
    }

    /// <summary>Opens the zip a book is.</summary>
    /// <exception cref="BookReadException">It is not a zip, or lists more entries than the limit.</exception>
    public static BookZip Open(Stream content, ReadLimits limits, string kind)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException exception)
        {
            throw new BookReadException($"{kind} that is a damaged zip: {exception.Message}", exception);
        }

        if (zip.Entries.Count > limits.MaxArchiveEntries)
        {
            zip.Dispose();
            throw new BookReadException(FormattableString.Invariant($"the {kind} lists {zip.Entries.Count} entries, over the limit of {limits.MaxArchiveEntries}"));
        }

        return new BookZip(zip, limits);
    }

    public IReadOnlyCollection<ZipArchiveEntry> Entries => _zip.Entries;

    /// <summary>An entry by its exact name, or null.</summary>
    public ZipArchiveEntry? Entry(string name) => _zip.GetEntry(name);

    /// <summary>An entry's bytes as a stream, within the budget.</summary>
    public Stream Open(ZipArchiveEntry entry) => _budget.Open(entry);

    /// <summary>An entry's bytes, within the budget.</summary>
    public byte[] Bytes(ZipArchiveEntry entry)
    {
        using Stream stream = _budget.Open(entry);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>An XML reader over an entry, within the budget: no DTD, no resolver.</summary>
    public XmlReader Xml(ZipArchiveEntry entry) => Xml(_budget.Open(entry), _limits);

    /// <summary>An XML reader over a stream: no DTD, no resolver, at most <see cref="ReadLimits.MaxEntryBytes"/> characters.</summary>
    public static XmlReader Xml(Stream stream, ReadLimits limits) => XmlReader.Create(stream, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
        MaxCharactersInDocument = limits.MaxEntryBytes,
    });

    /// <summary>Throws when a reader has gone deeper than <see cref="MaxXmlDepth"/>.</summary>
    public static void CheckDepth(XmlReader reader)
    {
        if (reader.Depth > MaxXmlDepth)
        {
            throw new BookReadException(FormattableString.Invariant($"XML elements nested more than {MaxXmlDepth} deep"));
        }
    }

    /// <summary>
    /// The text of the element the reader is on, cleaned, or null for none; the reader is left on its
    /// end, so that the next Read moves past it (an element with child elements gives their text).
    /// </summary>
    public static string? TextOf(XmlReader reader)
    {
        using XmlReader element = reader.ReadSubtree();
        var text = new System.Text.StringBuilder();
        while (element.Read())
        {
            if (element.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                text.Append(element.Value);
            }
        }

        return TextTools.Clean(text.ToString());
    }

    public void Dispose() => _zip.Dispose();
}
