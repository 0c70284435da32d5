using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads FictionBook 2 books (.fb2) and zipped ones (.fb2.zip, .fbz): title-info gives the metadata
/// (authors, title, genres as tags, annotation, language, sequence as series), publish-info the
/// publisher, year and ISBN; the bodies give the text. Read as a stream: the base64 images
/// (binary elements) are skipped, not held, and no DTD is ever read.
/// </summary>
public sealed class Fb2BookReader : IBookReader
{
    /// <summary>How deep elements may nest (sections in sections): Apache Tika's limit.</summary>
    private const int MaxDepth = 100;

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "p", "v", "title", "subtitle", "section", "empty-line", "epigraph", "cite", "text-author", "stanza", "tr" };

    private static readonly string[] NameParts = ["first-name", "middle-name", "last-name"];

    private readonly ReadLimits _limits;

    static Fb2BookReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Zip entries and unpacked bytes, and the most text kept; null for <see cref="ReadLimits.Default"/>.</param>
    public Fb2BookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Fb2;

    /// <inheritdoc />
    /// <exception cref="BookReadException">The XML is malformed or nests too deep, the zip holds no book, or it unpacks past a limit.</exception>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Span<byte> magic = stackalloc byte[4];
        int read = content.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        content.Position = 0;
        try
        {
            if (read == 4 && magic.SequenceEqual("PK\x03\x04"u8))
            {
                using BookZip zip = BookZip.Open(content, _limits, "zipped FictionBook");
                // calibre's rule: the first entry named .fb2, else the first entry.
                ZipArchiveEntry entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".fb2", StringComparison.OrdinalIgnoreCase))
                    ?? zip.Entries.FirstOrDefault(e => e.Length > 0)
                    ?? throw new BookReadException("a zipped FB2 that holds no book");
                using Stream stream = zip.Open(entry);
                return ReadXml(stream, path, cancellationToken);
            }

            return ReadXml(content, path, cancellationToken);
        }
        catch (XmlException exception)
        {
            throw new BookReadException($"not well-formed FictionBook XML: {exception.Message}", exception);
        }
    }

    private ExtractedBook ReadXml(Stream stream, string path, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = _limits.MaxArchiveBytes,
        };
        using XmlReader xml = XmlReader.Create(stream, settings);
        var open = new List<string>();
        var text = new StringBuilder();
        var annotation = new StringBuilder();
        var warnings = new List<string>();
        var authors = new List<string>();
        var tags = new List<string>();
        var name = new Dictionary<string, string>(StringComparer.Ordinal);
        string? title = null, language = null, series = null, publisher = null, year = null, isbn = null, coverId = null, date = null;
        double? seriesIndex = null;
        bool truncated = false;
        long textLimit = _limits.MaxUnpackedBytes;

        bool In(string element) => open.Contains(element);
        string? Parent() => open.Count > 0 ? open[^1] : null;
        bool advance = true;
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
                    cancellationToken.ThrowIfCancellationRequested();
                    string element = xml.LocalName;
                    if (xml.Depth > MaxDepth)
                    {
                        throw new BookReadException(FormattableString.Invariant($"elements nested more than {MaxDepth} deep"));
                    }

                    if (element == "binary")
                    {
                        xml.Skip(); // base64 images: never held
                        advance = false;
                        continue;
                    }

                    if (element == "sequence" && series is null && (In("title-info") || In("publish-info")))
                    {
                        series = TextTools.Clean(xml.GetAttribute("name"));
                        seriesIndex = double.TryParse(xml.GetAttribute("number"), NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : null;
                    }
                    else if (element == "image" && In("coverpage") && coverId is null)
                    {
                        coverId = Href(xml)?.TrimStart('#');
                    }
                    else if (element == "author" && In("title-info"))
                    {
                        name.Clear();
                    }
                    else if (element == "date" && In("title-info"))
                    {
                        date = xml.GetAttribute("value");
                    }

                    if (In("body") && Blocks.Contains(element))
                    {
                        text.Append("\n\n");
                    }

                    if (!xml.IsEmptyElement)
                    {
                        open.Add(element);
                    }

                    break;
                case XmlNodeType.EndElement:
                    if (open.Count == 0)
                    {
                        break;
                    }

                    string closed = open[^1];
                    open.RemoveAt(open.Count - 1);
                    if (closed == "author" && In("title-info"))
                    {
                        string full = string.Join(' ', NameParts.Select(n => name.GetValueOrDefault(n)).OfType<string>());
                        if ((full.Length > 0 ? full : name.GetValueOrDefault("nickname")) is { Length: > 0 } author)
                        {
                            authors.Add(author);
                        }
                    }
                    else if (In("body") && Blocks.Contains(closed))
                    {
                        text.Append("\n\n");
                    }
                    else if (In("annotation") || closed == "annotation")
                    {
                        annotation.Append('\n');
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (In("body"))
                    {
                        if (text.Length < textLimit)
                        {
                            text.Append(xml.Value);
                        }
                        else
                        {
                            truncated = true;
                        }
                    }
                    else if (In("title-info"))
                    {
                        string value = xml.Value;
                        switch (Parent())
                        {
                            case "book-title":
                                title ??= TextTools.Clean(value);
                                break;
                            case "first-name" or "middle-name" or "last-name" or "nickname" when In("author"):
                                if (TextTools.Clean(value) is { } part)
                                {
                                    name[Parent()!] = part;
                                }

                                break;
                            case "genre":
                                if (TextTools.Clean(value) is { } genre)
                                {
                                    tags.Add(genre);
                                }

                                break;
                            case "keywords":
                                // calibre writes a book's tags here, comma-separated.
                                tags.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                                break;
                            case "lang":
                                language ??= TextTools.Clean(value);
                                break;
                            case "date":
                                date ??= TextTools.Clean(value);
                                break;
                            default:
                                if (In("annotation"))
                                {
                                    annotation.Append(value);
                                }

                                break;
                        }
                    }
                    else if (In("publish-info"))
                    {
                        switch (Parent())
                        {
                            case "publisher":
                                publisher ??= TextTools.Clean(xml.Value);
                                break;
                            case "year":
                                year ??= TextTools.Clean(xml.Value);
                                break;
                            case "isbn":
                                isbn ??= TextTools.Clean(xml.Value.Split(',')[0]);
                                break;
                        }
                    }

                    break;
            }
        }

        if (truncated)
        {
            warnings.Add($"the text is longer than {ReadLimits.Size(textLimit)} characters: the rest is left out");
        }

        string published = year ?? date ?? string.Empty;
        var metadata = new BookMetadata
        {
            Title = title,
            Authors = [.. authors.Distinct(StringComparer.Ordinal)],
            Series = series,
            SeriesIndex = series is null ? null : seriesIndex,
            Languages = language is null ? [] : [language],
            Tags = [.. tags.Distinct(StringComparer.Ordinal)],
            Description = TextTools.Clean(TextTools.Collapse(annotation.ToString())),
            Publisher = publisher,
            Published = published.Length >= 4 && char.IsAsciiDigit(published[0]) ? published[..Math.Min(10, published.Length)] : null,
            Identifiers = isbn is null ? [] : [BookIdentifier.Normalized("isbn", isbn)],
        };
        return new ExtractedBook(BookFormat.Fb2, title ?? TextTools.TitleFromFileName(path), authors.FirstOrDefault(), language, null,
            TextTools.Collapse(text.ToString()), null, warnings)
        {
            Metadata = metadata,
            Cover = coverId is { Length: > 0 } ? "#" + coverId : null,
        };
    }

    /// <summary>An href in the XLink namespace, whatever its prefix (l:, xlink:), or a bare one.</summary>
    private static string? Href(XmlReader xml) =>
        xml.GetAttribute("href", "http://www.w3.org/1999/xlink") ?? xml.GetAttribute("href");
}
