using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>An Office document's core properties (docProps/core.xml): Dublin Core title, creator, subject, description, language, and keywords.</summary>
internal static class OfficeCoreProperties
{
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string CoreProperties = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
    private const string Terms = "http://purl.org/dc/terms/";

    public static BookMetadata Read(BookZip zip, System.IO.Compression.ZipArchiveEntry entry)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using XmlReader xml = zip.Xml(entry);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.Depth == 1 && xml.NamespaceURI is DublinCore or CoreProperties or Terms && !xml.IsEmptyElement)
                {
                    BookZip.CheckDepth(xml);
                    string name = xml.LocalName;
                    if (BookZip.TextOf(xml) is { } value)
                    {
                        values.TryAdd(name, value);
                    }
                }
            }
        }
        catch (XmlException)
        {
            return BookMetadata.Empty; // the properties are a nicety: the document's text is the book
        }

        string[] keywords = values.TryGetValue("keywords", out string? list) ? list.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        return new BookMetadata
        {
            Title = values.GetValueOrDefault("title"),
            // calibre joins authors with " & "; "Austen, Jane" is one author.
            Authors = values.TryGetValue("creator", out string? creator) ? [.. creator.Split([";", " & "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [],
            Description = values.GetValueOrDefault("description"),
            Languages = values.TryGetValue("language", out string? language) ? [language] : [],
            Tags = [.. (values.TryGetValue("subject", out string? subject) ? [subject] : Array.Empty<string>()).Concat(keywords).Distinct(StringComparer.Ordinal)],
            Published = values.TryGetValue("created", out string? created) && created.Length >= 10 ? created[..10] : null,
        };
    }
}
