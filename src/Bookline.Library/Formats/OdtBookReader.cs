using System.Globalization;
using System.Text;
using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads OpenDocument text (.odt): content.xml's paragraphs and headings in order (spaces, tabs and
/// line breaks as written), without tracked deletions, comments or the generated table of
/// contents; meta.xml's title, initial creator, description, subject, keywords, language, and
/// the series, authors and ISBN calibre keeps as user-defined fields.
/// </summary>
public sealed class OdtBookReader : IBookReader
{
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string MetaNs = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";

    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Entries and unpacked bytes; null for <see cref="ReadLimits.Default"/>.</param>
    public OdtBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Odt;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using BookZip zip = BookZip.Open(content, _limits, "OpenDocument");
        if (zip.Entry("META-INF/manifest.xml") is { } manifest && Encrypted(zip, manifest))
        {
            throw new BookReadException("an encrypted OpenDocument: Bookline cannot read it");
        }

        var body = zip.Entry("content.xml") ?? throw new BookReadException("an OpenDocument without content.xml");
        var text = new StringBuilder();
        BookMetadata metadata;
        try
        {
            AppendText(zip, body, text, cancellationToken);
            metadata = zip.Entry("meta.xml") is { } meta ? ReadMeta(zip, meta) : BookMetadata.Empty;
        }
        catch (XmlException exception)
        {
            throw new BookReadException($"not well-formed XML in the OpenDocument: {exception.Message}", exception);
        }

        return ExtractedBook.FromMetadata(BookFormat.Odt, metadata, TextTools.TitleFromFileName(path), null, TextTools.Collapse(text.ToString()), null, []);
    }

    private static bool Encrypted(BookZip zip, System.IO.Compression.ZipArchiveEntry manifest)
    {
        try
        {
            using XmlReader xml = zip.Xml(manifest);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "encryption-data")
                {
                    return true;
                }
            }
        }
        catch (XmlException)
        {
            // a damaged manifest says nothing either way: the content decides
        }

        return false;
    }

    private static void AppendText(BookZip zip, System.IO.Compression.ZipArchiveEntry entry, StringBuilder text, CancellationToken cancellationToken)
    {
        using XmlReader xml = zip.Xml(entry);
        bool advance = true;
        bool inBody = false;
        while (true)
        {
            if (advance && !xml.Read())
            {
                break;
            }

            advance = true;
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    BookZip.CheckDepth(xml);
                    if (xml.NamespaceURI == OfficeNs && xml.LocalName == "body")
                    {
                        inBody = true;
                        break;
                    }

                    if (!inBody)
                    {
                        break;
                    }

                    switch (xml.LocalName)
                    {
                        case "tracked-changes" or "note-citation" or "index-body" when xml.NamespaceURI == TextNs:
                        case "annotation" when xml.NamespaceURI == OfficeNs:
                            xml.Skip();
                            advance = false;
                            continue;
                        case "p" or "h" when xml.NamespaceURI == TextNs:
                            cancellationToken.ThrowIfCancellationRequested();
                            text.Append("\n\n");
                            break;
                        case "s" when xml.NamespaceURI == TextNs:
                            int count = int.TryParse(xml.GetAttribute("c", TextNs), NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? Math.Clamp(c, 1, 1000) : 1;
                            text.Append(' ', count);
                            break;
                        case "tab" when xml.NamespaceURI == TextNs:
                            text.Append('\t');
                            break;
                        case "line-break" when xml.NamespaceURI == TextNs:
                            text.Append('\n');
                            break;
                    }

                    break;
                case XmlNodeType.EndElement when inBody && xml.NamespaceURI == TextNs && xml.LocalName is "p" or "h":
                    text.Append("\n\n");
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when inBody:
                    text.Append(xml.Value);
                    break;
            }
        }
    }

    private static BookMetadata ReadMeta(BookZip zip, System.IO.Compression.ZipArchiveEntry entry)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keywords = new List<string>();
        var user = new Dictionary<string, string>(StringComparer.Ordinal);
        using XmlReader xml = zip.Xml(entry);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.IsEmptyElement)
            {
                continue;
            }

            BookZip.CheckDepth(xml);
            string name = xml.LocalName;
            if (xml.NamespaceURI == MetaNs && name == "user-defined")
            {
                string field = xml.GetAttribute("name", MetaNs) ?? string.Empty;
                if (BookZip.TextOf(xml) is { } value)
                {
                    user.TryAdd(field, value);
                }
            }
            else if (xml.NamespaceURI == MetaNs && name == "keyword")
            {
                if (BookZip.TextOf(xml) is { } keyword)
                {
                    keywords.Add(keyword);
                }
            }
            else if (xml.NamespaceURI is DublinCore or MetaNs && BookZip.TextOf(xml) is { } value)
            {
                values.TryAdd(name, value);
            }
        }

        // calibre keeps its own fields as user-defined ones (opf.series, opf.authors …).
        string? authors = user.GetValueOrDefault("opf.authors") ?? values.GetValueOrDefault("initial-creator") ?? values.GetValueOrDefault("creator");
        return new BookMetadata
        {
            Title = user.GetValueOrDefault("opf.title") ?? values.GetValueOrDefault("title"),
            Authors = authors is null ? [] : [.. authors.Split([";", " & "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            Description = values.GetValueOrDefault("description"),
            Languages = values.TryGetValue("language", out string? language) ? [language] : [],
            Tags = [.. (values.TryGetValue("subject", out string? subject) ? [subject] : Array.Empty<string>()).Concat(keywords).Distinct(StringComparer.Ordinal)],
            Series = user.GetValueOrDefault("opf.series"),
            SeriesIndex = user.TryGetValue("opf.seriesindex", out string? index) && double.TryParse(index, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : null,
            Publisher = user.GetValueOrDefault("opf.publisher"),
            Identifiers = user.TryGetValue("opf.isbn", out string? isbn) ? [BookIdentifier.Normalized("isbn", isbn)] : [],
            Published = values.TryGetValue("creation-date", out string? created) && created.Length >= 10 ? created[..10] : null,
        };
    }
}
