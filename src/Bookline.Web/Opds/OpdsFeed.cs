using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Web.Covers;

namespace Bookline.Web.Opds;

/// <summary>
/// Writes OPDS 1.2 catalogs (Atom feeds with the OPDS, Dublin Core and OpenSearch namespaces, all
/// declared on the root, as strict readers need), through an XmlWriter so that no title can break
/// the XML. Links are absolute paths under the app's base path.
/// </summary>
internal static class OpdsFeed
{
    public const string NavigationType = "application/atom+xml;profile=opds-catalog;kind=navigation";
    public const string AcquisitionType = "application/atom+xml;profile=opds-catalog;kind=acquisition";
    public const string OpenSearchType = "application/opensearchdescription+xml";
    public const string EntryType = "application/atom+xml;type=entry;profile=opds-catalog";

    /// <summary>The path of a book's complete entry.</summary>
    public static string EntryPath(long id) => "/opds/books/" + id.ToString(CultureInfo.InvariantCulture);

    private const string Atom = "http://www.w3.org/2005/Atom";
    private const string DublinCore = "http://purl.org/dc/terms/";
    private const string Opds = "http://opds-spec.org/2010/catalog";
    private const string OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";

    /// <summary>The root: a navigation feed to the acquisition feeds, with search.</summary>
    public static string Root(string basePath, BooklineWebOptions options, DateTimeOffset updated) => Write(writer =>
    {
        Start(writer, basePath, options, "root", options.Title, "/opds", NavigationType, updated);
        NavigationEntry(writer, basePath, "recent", "Recently added", "The books added last, newest first.", "/opds/recent", "http://opds-spec.org/sort/new", updated);
        NavigationEntry(writer, basePath, "books", "All books", "Every book, by title.", "/opds/books", "subsection", updated);
        foreach (OpdsFacet facet in OpdsFacet.All)
        {
            NavigationEntry(writer, basePath, facet.Name, facet.Title, facet.Title + ".", "/opds/" + facet.Name, "subsection", updated, NavigationType);
        }

        writer.WriteEndElement();
    });

    /// <summary>A facet's values, each an entry that links to its books.</summary>
    public static string Facet(string basePath, BooklineWebOptions options, OpdsFacet facet, IReadOnlyList<(string Value, int Count)> values, DateTimeOffset updated) => Write(writer =>
    {
        Start(writer, basePath, options, facet.Name, facet.Title, "/opds/" + facet.Name, NavigationType, updated);
        Link(writer, "up", basePath + "/opds", NavigationType);
        foreach ((string value, int count) in values)
        {
            string books = count == 1 ? "1 book" : count.ToString(CultureInfo.InvariantCulture) + " books";
            NavigationEntry(writer, basePath, facet.Name + ":" + value, value, books, FacetPath(facet, value), "subsection", updated);
        }

        writer.WriteEndElement();
    });

    /// <summary>The path of a facet value's books.</summary>
    public static string FacetPath(OpdsFacet facet, string value) => "/opds/" + facet.Name + "/" + Uri.EscapeDataString(value);

    /// <summary>An acquisition feed: one page of books, with links to the other pages.</summary>
    public static string Books(string basePath, BooklineWebOptions options, FeedPage page, bool downloads, CoverStore? covers) => Write(writer =>
    {
        DateTimeOffset updated = page.Books.Count > 0 ? page.Books.Max(b => b.ModifiedUtc) : DateTimeOffset.UnixEpoch;
        Start(writer, basePath, options, page.Name, page.Title, page.Link(page.Index), AcquisitionType, updated);
        Link(writer, "up", basePath + "/opds", NavigationType);
        if (page.Index > 0)
        {
            Link(writer, "first", basePath + page.Link(0), AcquisitionType);
            Link(writer, "previous", basePath + page.Link(page.Index - 1), AcquisitionType);
        }

        if (page.Index < page.Count - 1)
        {
            Link(writer, "next", basePath + page.Link(page.Index + 1), AcquisitionType);
            Link(writer, "last", basePath + page.Link(page.Count - 1), AcquisitionType);
        }

        writer.WriteElementString("totalResults", OpenSearch, page.Total.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("itemsPerPage", OpenSearch, options.PageSize.ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("startIndex", OpenSearch, (page.Index * options.PageSize + 1).ToString(CultureInfo.InvariantCulture));
        foreach (CatalogBook book in page.Books)
        {
            BookEntry(writer, basePath, book, downloads, covers);
        }

        writer.WriteEndElement();
    });

    /// <summary>A book's complete entry, on its own (what a feed's entry links to as its alternate).</summary>
    public static string Entry(string basePath, CatalogBook book, bool downloads, CoverStore? covers) => Write(writer => BookEntry(writer, basePath, book, downloads, covers, standalone: true));

    /// <summary>The OpenSearch description: where a search goes, in the query language of the web page.</summary>
    public static string OpenSearchDescription(string basePath, BooklineWebOptions options) => Write(writer =>
    {
        writer.WriteStartElement("OpenSearchDescription", OpenSearch);
        string title = Clean(options.Title);
        writer.WriteElementString("ShortName", OpenSearch, title.Length > 16 ? title[..16] : title);
        writer.WriteElementString("Description", OpenSearch, $"Search the text and metadata of the books of {title}: words, \"phrases\", OR, -word, title:, author:.");
        writer.WriteElementString("InputEncoding", OpenSearch, "UTF-8");
        writer.WriteElementString("OutputEncoding", OpenSearch, "UTF-8");
        writer.WriteStartElement("Url", OpenSearch);
        writer.WriteAttributeString("type", AcquisitionType);
        writer.WriteAttributeString("template", basePath + "/opds/search?q={searchTerms}");
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    private static void Start(XmlWriter writer, string basePath, BooklineWebOptions options, string name, string title, string self, string selfType, DateTimeOffset updated)
    {
        writer.WriteStartElement("feed", Atom);
        writer.WriteAttributeString("xmlns", "dc", null, DublinCore);
        writer.WriteAttributeString("xmlns", "opds", null, Opds);
        writer.WriteAttributeString("xmlns", "opensearch", null, OpenSearch);
        writer.WriteElementString("id", Atom, Urn(options.Title, "feed", name));
        writer.WriteElementString("title", Atom, Clean(title)); // a search feed's title holds the query as typed
        writer.WriteElementString("updated", Atom, Rfc3339(updated));
        writer.WriteStartElement("author", Atom);
        writer.WriteElementString("name", Atom, Clean(options.Title));
        writer.WriteEndElement();
        Link(writer, "self", basePath + self, selfType);
        Link(writer, "start", basePath + "/opds", NavigationType);
        Link(writer, "search", basePath + "/opds/opensearch.xml", OpenSearchType);
        Link(writer, "search", basePath + "/opds/search?q={searchTerms}", AcquisitionType);
    }

    private static void NavigationEntry(XmlWriter writer, string basePath, string name, string title, string content, string href, string rel, DateTimeOffset updated, string type = AcquisitionType)
    {
        writer.WriteStartElement("entry", Atom);
        writer.WriteElementString("title", Atom, Clean(title));
        writer.WriteElementString("id", Atom, Urn("entry", name));
        writer.WriteElementString("updated", Atom, Rfc3339(updated));
        writer.WriteStartElement("content", Atom);
        writer.WriteAttributeString("type", "text");
        writer.WriteString(content);
        writer.WriteEndElement();
        Link(writer, rel, basePath + href, type);
        writer.WriteEndElement();
    }

    private static void BookEntry(XmlWriter writer, string basePath, CatalogBook book, bool downloads, CoverStore? covers, bool standalone = false)
    {
        writer.WriteStartElement("entry", Atom);
        if (standalone)
        {
            writer.WriteAttributeString("xmlns", "dc", null, DublinCore);
            writer.WriteAttributeString("xmlns", "opds", null, Opds);
        }

        writer.WriteElementString("title", Atom, Clean(book.Title));
        writer.WriteElementString("id", Atom, Urn("book", book.BookKey));
        writer.WriteElementString("updated", Atom, Rfc3339(book.ModifiedUtc));
        foreach (string author in BookList.AuthorsOf(book))
        {
            writer.WriteStartElement("author", Atom);
            writer.WriteElementString("name", Atom, Clean(author));
            writer.WriteEndElement();
        }

        foreach (string language in book.Metadata.Languages.Count > 0 ? book.Metadata.Languages : book.Language is { } language1 ? [language1] : [])
        {
            writer.WriteElementString("language", DublinCore, Clean(language));
        }

        if (book.Metadata.Publisher is { } publisher)
        {
            writer.WriteElementString("publisher", DublinCore, Clean(publisher));
        }

        if (book.Metadata.Published is { } published)
        {
            writer.WriteElementString("issued", DublinCore, Clean(published));
        }

        foreach (var identifier in book.Metadata.Identifiers)
        {
            writer.WriteElementString("identifier", DublinCore, identifier.Scheme.Equals("isbn", StringComparison.OrdinalIgnoreCase)
                ? "urn:isbn:" + Clean(identifier.Value) : Clean(identifier.Scheme) + ":" + Clean(identifier.Value));
        }

        foreach (string tag in book.Metadata.Tags)
        {
            writer.WriteStartElement("category", Atom);
            writer.WriteAttributeString("term", Clean(tag));
            writer.WriteAttributeString("label", Clean(tag));
            writer.WriteEndElement();
        }

        string? series = SeriesLabel.Of(book.Metadata);
        string summary = string.Join(" — ", new[] { series, book.Metadata.Description }.OfType<string>());
        if (summary.Length > 0)
        {
            writer.WriteStartElement("summary", Atom);
            writer.WriteAttributeString("type", "text");
            writer.WriteString(Clean(summary));
            writer.WriteEndElement();
        }

        // Atom wants an entry without content to link its alternate; OPDS, a partial entry to link its complete one.
        Link(writer, standalone ? "self" : "alternate", basePath + EntryPath(book.Id), EntryType);
        if (covers is not null && BookCover.MayHave(book))
        {
            string version = covers.Version(book);
            Link(writer, "http://opds-spec.org/image", basePath + BooklineEndpoints.CoverPath(book.Id, version, thumbnail: false), "image/jpeg");
            Link(writer, "http://opds-spec.org/image/thumbnail", basePath + BooklineEndpoints.CoverPath(book.Id, version, thumbnail: true), "image/jpeg");
        }

        if (downloads)
        {
            for (int i = 0; i < book.AllFiles.Count; i++)
            {
                CatalogFile file = book.AllFiles[i];
                writer.WriteStartElement("link", Atom);
                writer.WriteAttributeString("rel", "http://opds-spec.org/acquisition");
                writer.WriteAttributeString("href", basePath + BooklineEndpoints.DownloadPath(book.Id, i, file.Path));
                writer.WriteAttributeString("type", BookMediaTypes.Of(file.Path));
                writer.WriteAttributeString("length", file.Bytes.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("title", file.Format.ToUpperInvariant());
                writer.WriteEndElement();
            }
        }

        writer.WriteEndElement();
    }

    private static void Link(XmlWriter writer, string rel, string href, string type)
    {
        writer.WriteStartElement("link", Atom);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteAttributeString("type", type);
        writer.WriteEndElement();
    }

    private static string Write(Action<XmlWriter> write)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = false, OmitXmlDeclaration = false, Encoding = Encoding.UTF8, CheckCharacters = true }))
        {
            write(writer);
        }

        // The declaration a StringBuilder gets says UTF-16; the feed is sent as UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>Text without the characters XML 1.0 cannot hold (a control character in a title would make the writer throw).</summary>
    private static string Clean(string text)
    {
        if (!text.Any(c => !XmlConvert.IsXmlChar(c)))
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
            else
            {
                kept.Append('\uFFFD');
            }
        }

        return kept.ToString();
    }

    private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A name-based UUID (RFC 9562 version 8, from SHA-256) for the parts: the same book or feed keeps its id.</summary>
    private static string Urn(params string[] parts)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}
