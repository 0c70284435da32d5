using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads the metadata of an OPF package document: an EPUB's (OPF 2 or EPUB 3), or the
/// <c>metadata.opf</c> calibre keeps beside a book's files. OPF 2 says roles, sort names and
/// identifier schemes in <c>opf:</c> attributes and calibre adds <c>calibre:</c> metas (series,
/// rating); EPUB 3 says the same things in <c>meta refines</c> elements. Both are read.
/// </summary>
public static partial class PackageMetadata
{
    private static readonly XNamespace Opf = "http://www.idpf.org/2007/opf";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    /// <summary>The most bytes of a sidecar <c>metadata.opf</c> that are read: calibre writes a few kilobytes.</summary>
    public const int MaxSidecarBytes = 4 * 1024 * 1024;

    /// <summary>Reads a package document from a stream, without a DTD (no entity can expand, nothing is fetched).</summary>
    /// <param name="stream">The document.</param>
    /// <returns>The metadata, and the cover image's path relative to the document when it names one.</returns>
    /// <exception cref="BookReadException">The XML is malformed or has no metadata.</exception>
    public static (BookMetadata Metadata, string? CoverHref) Read(Stream stream)
    {
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            return Read(XDocument.Load(reader));
        }
        catch (XmlException exception)
        {
            throw new BookReadException($"malformed XML in the package document: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a sidecar <c>metadata.opf</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The metadata, and the cover image's path relative to the file's folder when it names one.</returns>
    /// <exception cref="BookReadException">The file is too large, malformed, or has no metadata.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (BookMetadata Metadata, string? CoverHref) ReadFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        if (stream.Length > MaxSidecarBytes)
        {
            throw new BookReadException(FormattableString.Invariant($"{Path.GetFileName(path)} is {stream.Length:N0} bytes, over the limit of {MaxSidecarBytes:N0} for a metadata file"));
        }

        return Read(stream);
    }

    /// <summary>Reads a parsed package document.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The metadata, and the cover image's path relative to the document when it names one.</returns>
    /// <exception cref="BookReadException">The document has no metadata element.</exception>
    public static (BookMetadata Metadata, string? CoverHref) Read(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        XElement root = document.Root ?? throw new BookReadException("the package document is empty");
        // OEB 1.0 packages (calibre's TXTZ and HTMLZ) have a bare <metadata> root and capitalized Dublin Core names (dc:Title).
        XElement metadata = root.Element(Opf + "metadata") ?? root.Descendants(Opf + "metadata").FirstOrDefault()
            ?? root.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName.Equals("metadata", StringComparison.OrdinalIgnoreCase))
            ?? throw new BookReadException("the package document has no metadata");
        foreach (XElement element in metadata.Descendants().Where(e => e.Name.Namespace == Dc && e.Name.LocalName.Any(char.IsUpper)).ToList())
        {
            element.Name = Dc + element.Name.LocalName.ToLowerInvariant();
        }

        // OPF 2 inside <dc-metadata> puts the elements one level down.
        IEnumerable<XElement> all = metadata.Descendants().ToList();
        var refines = Refinements(all);

        List<XElement> creators = [.. all.Where(e => e.Name == Dc + "creator" && TextTools.Clean(e.Value) is not null)];
        List<XElement> authors = [.. creators.Where(c => RoleOf(c, refines) is null or "aut")];
        if (authors.Count == 0)
        {
            authors = creators;
        }

        string? authorSort = authors.Select(a => FileAs(a, refines)).FirstOrDefault(s => s is not null);
        if (authorSort is not null && authors.Count > 1 && !authorSort.Contains('&', StringComparison.Ordinal))
        {
            // EPUB 3 gives each author's sort name; calibre's author sort joins them.
            authorSort = string.Join(" & ", authors.Select(a => FileAs(a, refines) ?? TextTools.Clean(a.Value)));
        }

        var (series, seriesIndex) = SeriesOf(all, refines);
        var book = new BookMetadata
        {
            Title = TitleOf(all, refines),
            Authors = [.. authors.Select(a => TextTools.Clean(a.Value)!).Distinct(StringComparer.Ordinal)],
            AuthorSort = authorSort,
            Series = series,
            SeriesIndex = seriesIndex,
            Identifiers = [.. IdentifiersOf(all, refines)],
            Publisher = TextTools.Clean(all.FirstOrDefault(e => e.Name == Dc + "publisher")?.Value),
            Published = PublishedOf(all),
            Languages = [.. all.Where(e => e.Name == Dc + "language").Select(e => TextTools.Clean(e.Value)).OfType<string>()
                .Where(l => !l.Equals("und", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)],
            Tags = [.. all.Where(e => e.Name == Dc + "subject").Select(e => TextTools.Clean(e.Value)).OfType<string>().Distinct(StringComparer.Ordinal)],
            Description = DescriptionOf(all),
            Rating = RatingOf(all),
        };
        return (book, CoverOf(root, all));
    }

    /// <summary>EPUB 3's <c>meta refines="#id" property="…"</c>: id → property → values.</summary>
    private static Dictionary<string, List<(string Property, string Value)>> Refinements(IEnumerable<XElement> all)
    {
        var refines = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (XElement meta in all.Where(e => e.Name.LocalName == "meta" && e.Attribute("refines") is not null && e.Attribute("property") is not null))
        {
            string id = ((string)meta.Attribute("refines")!).TrimStart('#');
            if (TextTools.Clean(meta.Value) is { } value)
            {
                if (!refines.TryGetValue(id, out var list))
                {
                    refines[id] = list = [];
                }

                list.Add(((string)meta.Attribute("property")!, value));
            }
        }

        return refines;
    }

    private static string? Refined(XElement element, Dictionary<string, List<(string Property, string Value)>> refines, string property) =>
        (string?)element.Attribute("id") is { } id && refines.TryGetValue(id, out var list)
            ? list.Where(r => r.Property == property).Select(r => r.Value).FirstOrDefault()
            : null;

    private static string? RoleOf(XElement creator, Dictionary<string, List<(string Property, string Value)>> refines) =>
        TextTools.Clean((string?)creator.Attribute(Opf + "role") ?? (string?)creator.Attribute("role") ?? Refined(creator, refines, "role"))?.ToLowerInvariant();

    private static string? FileAs(XElement creator, Dictionary<string, List<(string Property, string Value)>> refines) =>
        TextTools.Clean((string?)creator.Attribute(Opf + "file-as") ?? (string?)creator.Attribute("file-as") ?? Refined(creator, refines, "file-as"));

    /// <summary>The main title: EPUB 3 may mark one with title-type main; otherwise the first.</summary>
    private static string? TitleOf(IEnumerable<XElement> all, Dictionary<string, List<(string Property, string Value)>> refines)
    {
        List<XElement> titles = [.. all.Where(e => e.Name == Dc + "title" && TextTools.Clean(e.Value) is not null)];
        XElement? main = titles.FirstOrDefault(t => Refined(t, refines, "title-type") == "main") ?? titles.FirstOrDefault();
        return TextTools.Clean(main?.Value);
    }

    /// <summary>calibre's <c>calibre:series</c> metas, or EPUB 3's <c>belongs-to-collection</c> (a series unless typed otherwise).</summary>
    private static (string? Series, double? Index) SeriesOf(IEnumerable<XElement> all, Dictionary<string, List<(string Property, string Value)>> refines)
    {
        string? calibre = MetaContent(all, "calibre:series");
        if (calibre is not null)
        {
            return (calibre, Number(MetaContent(all, "calibre:series_index")));
        }

        foreach (XElement collection in all.Where(e => e.Name.LocalName == "meta" && (string?)e.Attribute("property") == "belongs-to-collection"))
        {
            string? type = Refined(collection, refines, "collection-type");
            if (type is null or "series" && TextTools.Clean(collection.Value) is { } name)
            {
                return (name, Number(Refined(collection, refines, "group-position")));
            }
        }

        return (null, null);
    }

    private static IEnumerable<BookIdentifier> IdentifiersOf(IEnumerable<XElement> all, Dictionary<string, List<(string Property, string Value)>> refines)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (XElement element in all.Where(e => e.Name == Dc + "identifier"))
        {
            string? value = TextTools.Clean(element.Value);
            if (value is null)
            {
                continue;
            }

            string? scheme = TextTools.Clean((string?)element.Attribute(Opf + "scheme") ?? (string?)element.Attribute("scheme") ?? Refined(element, refines, "identifier-type"))?.ToLowerInvariant();
            // "urn:isbn:978…", "isbn:978…", "urn:uuid:…", "amazon:B00…": the scheme may be in the value.
            Match prefixed = SchemePrefix().Match(value);
            if (prefixed.Success && (scheme is null || scheme.Equals(prefixed.Groups["scheme"].Value, StringComparison.OrdinalIgnoreCase)))
            {
                scheme = prefixed.Groups["scheme"].Value.ToLowerInvariant();
                value = prefixed.Groups["value"].Value.Trim();
            }

            if (scheme is "15" or "isbn-13" or "isbn-10" or "isbn13" or "isbn10")
            {
                scheme = "isbn"; // ONIX code 15 is ISBN-13
            }

            if (scheme is null && IsbnLike(value))
            {
                scheme = "isbn";
            }

            if (scheme is null or "calibre" or "uuid" or "uuid_id")
            {
                continue; // calibre's own ids, and bare ids with no scheme, name no book outside one library
            }

            BookIdentifier identifier = BookIdentifier.Normalized(scheme, value);
            if (seen.Add(identifier.ToString()))
            {
                yield return identifier;
            }
        }
    }

    private static bool IsbnLike(string value)
    {
        string digits = BookIdentifier.Digits(value);
        return digits.Length is 10 or 13 && digits[..^1].All(char.IsAsciiDigit) && (char.IsAsciiDigit(digits[^1]) || digits[^1] is 'X' or 'x');
    }

    /// <summary>The publication date: a dc:date marked as publication, or the first without another event; calibre's 0101 year means none.</summary>
    private static string? PublishedOf(IEnumerable<XElement> all)
    {
        List<XElement> dates = [.. all.Where(e => e.Name == Dc + "date")];
        XElement? date = dates.FirstOrDefault(d => ((string?)d.Attribute(Opf + "event"))?.Equals("publication", StringComparison.OrdinalIgnoreCase) == true)
            ?? dates.FirstOrDefault(d => d.Attribute(Opf + "event") is null);
        string? text = TextTools.Clean(date?.Value);
        if (text is null)
        {
            return null;
        }

        Match match = DatePrefix().Match(text);
        if (!match.Success || int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) < 1000)
        {
            return null;
        }

        return match.Groups["year"].Value
            + (match.Groups["month"].Success ? "-" + match.Groups["month"].Value : string.Empty)
            + (match.Groups["day"].Success ? "-" + match.Groups["day"].Value : string.Empty);
    }

    /// <summary>dc:description as plain text: calibre keeps it as HTML, escaped or not.</summary>
    private static string? DescriptionOf(IEnumerable<XElement> all)
    {
        XElement? description = all.FirstOrDefault(e => e.Name == Dc + "description");
        if (description is null)
        {
            return null;
        }

        string html = description.HasElements ? string.Concat(description.Nodes().Select(n => n.ToString())) : description.Value;
        return TextTools.Clean(HtmlText.Extract(HtmlText.Parse(html, ReadLimits.Default.MaxHtmlNesting)));
    }

    private static double? RatingOf(IEnumerable<XElement> all) =>
        Number(MetaContent(all, "calibre:rating")) is { } rating and > 0 and <= 10 ? Math.Round(rating) / 2 : null;

    /// <summary>The cover image: EPUB 3's cover-image item, OPF 2's cover meta, or the guide's cover reference.</summary>
    private static string? CoverOf(XElement root, IEnumerable<XElement> all)
    {
        List<XElement> items = [.. root.Element(Opf + "manifest")?.Elements(Opf + "item") ?? []];
        string? href = (string?)items.FirstOrDefault(i => ((string?)i.Attribute("properties"))?.Split(' ').Contains("cover-image") == true)?.Attribute("href");
        if (href is null && MetaContent(all, "cover") is { } id)
        {
            href = (string?)items.FirstOrDefault(i => (string?)i.Attribute("id") == id)?.Attribute("href");
        }

        // calibre writes the guide's reference even when the book has no cover file: the caller checks the file.
        href ??= (string?)root.Element(Opf + "guide")?.Elements(Opf + "reference").FirstOrDefault(IsImageCoverReference)?.Attribute("href");
        return string.IsNullOrWhiteSpace(href) ? null : Uri.UnescapeDataString(href.Split('#')[0]);
    }

    private static bool IsImageCoverReference(XElement reference) =>
        ((string?)reference.Attribute("type"))?.Equals("cover", StringComparison.OrdinalIgnoreCase) == true
        && Path.GetExtension(((string?)reference.Attribute("href")) ?? string.Empty).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".gif" or ".webp";

    private static string? MetaContent(IEnumerable<XElement> all, string name) =>
        TextTools.Clean((string?)all.FirstOrDefault(e => e.Name.LocalName == "meta" && (string?)e.Attribute("name") == name)?.Attribute("content"));

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value : null;

    [GeneratedRegex(@"^(?:urn:)?(?<scheme>isbn|uuid|doi|amazon|asin|google|issn|calibre|mobi-asin):(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"^(?<year>\d{4})(?:-(?<month>\d{2})(?:-(?<day>\d{2}))?)?")]
    private static partial Regex DatePrefix();
}
