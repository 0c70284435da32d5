using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads an EPUB 2 or 3: container.xml names the package document (OPF), whose metadata gives
/// the book's metadata (<see cref="PackageMetadata"/>) and whose spine gives the chapters in reading order. A spine that
/// lists the same file many times (fragments of one document) counts it once.
/// </summary>
public sealed class EpubBookReader : IBookReader
{
    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Entries, unpacked bytes per document and in all; null for <see cref="ReadLimits.Default"/>.</param>
    public EpubBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Epub;

    private static readonly XNamespace Container = "urn:oasis:names:tc:opendocument:xmlns:container";
    private static readonly XNamespace Opf = "http://www.idpf.org/2007/opf";

    /// <summary>Reads an EPUB file.</summary>
    /// <param name="content">The open file (seekable: a zip is read from its end).</param>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Checked between documents.</param>
    /// <returns>The book; <see cref="ExtractedBook.Pages"/> is the number of distinct spine documents.</returns>
    /// <exception cref="BookReadException">The zip or the package document is broken or missing, or unpacks past a limit.</exception>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > _limits.MaxArchiveEntries)
            {
                throw new BookReadException(FormattableString.Invariant($"the EPUB lists {zip.Entries.Count} entries, over the limit of {_limits.MaxArchiveEntries}"));
            }

            var unpacked = new UnpackBudget(_limits);
            string opfPath = FindPackageDocument(zip, unpacked);
            ZipArchiveEntry opfEntry = zip.GetEntry(opfPath) ?? throw new BookReadException($"package document '{opfPath}' named in container.xml is missing");
            XDocument opf = Load(opfEntry, unpacked);
            (BookMetadata metadata, string? coverHref) = PackageMetadata.Read(opf);
            XElement package = opf.Root!; // PackageMetadata.Read fails on a document without one
            string baseDir = opfPath.Contains('/', StringComparison.Ordinal) ? opfPath[..(opfPath.LastIndexOf('/') + 1)] : string.Empty;

            var manifest = (package.Element(Opf + "manifest")?.Elements(Opf + "item") ?? [])
                .Where(i => i.Attribute("id") is not null && i.Attribute("href") is not null)
                .GroupBy(i => (string)i.Attribute("id")!)
                .ToDictionary(g => g.Key, g => (string)g.First().Attribute("href")!);
            var documents = (package.Element(Opf + "spine")?.Elements(Opf + "itemref") ?? [])
                .Select(r => (string?)r.Attribute("idref"))
                .Where(id => id is not null && manifest.ContainsKey(id))
                .Select(id => Uri.UnescapeDataString(manifest[id!].Split('#')[0]))
                .Distinct(StringComparer.Ordinal)
                .ToList();

            var text = new StringBuilder();
            foreach (string document in documents)
            {
                ZipArchiveEntry? entry = zip.GetEntry(Normalize(baseDir + document));
                if (entry is null)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                using var reader = new StreamReader(unpacked.Open(entry));
                text.Append(HtmlText.Extract(HtmlText.Parse(reader.ReadToEnd(), _limits.MaxHtmlNesting))).Append("\n\n");
            }

            var warnings = documents.Count == 0 ? new[] { "the spine lists no readable document" } : [];
            string? cover = coverHref is null ? null : Normalize(baseDir + coverHref);
            return ExtractedBook.FromMetadata(BookFormat.Epub, metadata, TextTools.TitleFromFileName(path), documents.Count, text.ToString().Trim(), null, warnings) with
            {
                Cover = cover is not null && zip.GetEntry(cover) is not null ? cover : null,
            };
        }
        catch (InvalidDataException exception)
        {
            throw new BookReadException($"not a valid EPUB zip: {exception.Message}", exception);
        }
        catch (System.Xml.XmlException exception)
        {
            throw new BookReadException($"malformed XML in the EPUB: {exception.Message}", exception);
        }
    }

    /// <summary>The OPF path from META-INF/container.xml, or the first .opf in the zip when that file is missing.</summary>
    private static string FindPackageDocument(ZipArchive zip, UnpackBudget unpacked)
    {
        if (zip.GetEntry("META-INF/container.xml") is { } container)
        {
            string? fullPath = (string?)Load(container, unpacked).Descendants(Container + "rootfile").FirstOrDefault()?.Attribute("full-path");
            if (!string.IsNullOrEmpty(fullPath))
            {
                return fullPath;
            }
        }

        return zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".opf", StringComparison.OrdinalIgnoreCase))?.FullName
            ?? throw new BookReadException("no container.xml and no package document (.opf) in the EPUB");
    }

    /// <summary>Parses an XML entry without a DTD: no entity can expand (billion laughs) and nothing is fetched.</summary>
    private static XDocument Load(ZipArchiveEntry entry, UnpackBudget unpacked)
    {
        using Stream stream = unpacked.Open(entry);
        using var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(reader);
    }

    /// <summary>Resolves "a/b/../c.xhtml" to "a/c.xhtml", as hrefs relative to the OPF may climb.</summary>
    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not "" and not ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
