using System.Text;
using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads Word documents (.docx): the text of word/document.xml in reading order (paragraphs,
/// tabs, breaks, tables, text boxes once), without deleted revisions or field codes; then the
/// footnotes and endnotes; the core properties (title, creator, subject, keywords, description,
/// language) as metadata.
/// </summary>
public sealed class DocxBookReader : IBookReader
{
    private const string Word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string WordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    private const string MarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Entries and unpacked bytes; null for <see cref="ReadLimits.Default"/>.</param>
    public DocxBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Docx;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using BookZip zip = BookZip.Open(content, _limits, "Word document");
        var document = zip.Entry("word/document.xml") ?? throw new BookReadException("a Word document without word/document.xml");
        var text = new StringBuilder();
        try
        {
            AppendText(zip, document, text, cancellationToken);
            foreach (string notes in (string[])["word/footnotes.xml", "word/endnotes.xml"])
            {
                if (zip.Entry(notes) is { } entry)
                {
                    AppendText(zip, entry, text, cancellationToken);
                }
            }
        }
        catch (XmlException exception)
        {
            throw new BookReadException($"not well-formed XML in the Word document: {exception.Message}", exception);
        }

        BookMetadata metadata = zip.Entry("docProps/core.xml") is { } core ? OfficeCoreProperties.Read(zip, core) : BookMetadata.Empty;
        return ExtractedBook.FromMetadata(BookFormat.Docx, metadata, TextTools.TitleFromFileName(path), null, TextTools.Collapse(text.ToString()), null, []);
    }

    private static void AppendText(BookZip zip, System.IO.Compression.ZipArchiveEntry entry, StringBuilder text, CancellationToken cancellationToken)
    {
        using XmlReader xml = zip.Xml(entry);
        bool advance = true;
        while (true)
        {
            if (advance && !xml.Read())
            {
                break;
            }

            advance = true;
            if (xml.NodeType == XmlNodeType.Element)
            {
                BookZip.CheckDepth(xml);
                bool word = xml.NamespaceURI is Word or WordStrict;
                switch (xml.LocalName)
                {
                    // Deleted revisions and field codes are not the text a reader sees.
                    case "delText" or "instrText" when word:
                    // Of an alternative, the first choice only: the fallback repeats it.
                    case "Fallback" when xml.NamespaceURI == MarkupCompatibility:
                    // Footnote separators are lines, not text.
                    case "footnote" or "endnote" when word && xml.GetAttribute("type", xml.NamespaceURI) is "separator" or "continuationSeparator" or "continuationNotice":
                        xml.Skip();
                        advance = false;
                        continue;
                    case "t" when word:
                        text.Append(xml.ReadElementContentAsString());
                        advance = false;
                        continue;
                    case "tab" when word:
                        text.Append('\t');
                        break;
                    case "br" or "cr" when word:
                        text.Append('\n');
                        break;
                    case "noBreakHyphen" when word:
                        text.Append('\u2011');
                        break;
                    case "p" when word:
                        cancellationToken.ThrowIfCancellationRequested();
                        text.Append("\n\n");
                        break;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName is "p" or "tc" && xml.NamespaceURI is Word or WordStrict)
            {
                text.Append(xml.LocalName == "p" ? "\n\n" : "\t");
            }
        }
    }
}
