using System.Text;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

/// <summary>Word and OpenDocument files built entry by entry, with the parts that trip naive extractors.</summary>
public sealed class OfficeDocumentTests : IDisposable
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AWordDocumentsVisibleTextAndPropertiesAreRead()
    {
        string document = $"""
            <w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
              <w:body>
                <w:p><w:r><w:t>The harbour</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">at dawn</w:t></w:r></w:p>
                <w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>
                <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE \* MERGEFORMAT</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
                <w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:t>boxed once</w:t></mc:Choice><mc:Fallback><w:t>boxed once</w:t></mc:Fallback></mc:AlternateContent></w:p>
                <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell one</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
              </w:body>
            </w:document>
            """;
        string footnotes = $"""
            <w:footnotes xmlns:w="{W}">
              <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>SEPARATOR</w:t></w:r></w:p></w:footnote>
              <w:footnote w:id="1"><w:p><w:r><w:t>A footnote on tides.</w:t></w:r></w:p></w:footnote>
            </w:footnotes>
            """;
        const string core = """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
              <dc:title>Harbour Notes</dc:title><dc:creator>Mara Quill</dc:creator><dc:subject>Tides</dc:subject>
              <cp:keywords>sea, harbours</cp:keywords><dc:language>en-GB</dc:language><dc:description>Notes on a harbour.</dc:description>
              <dcterms:created>2024-03-05T10:00:00Z</dcterms:created>
            </cp:coreProperties>
            """;
        byte[] file = TestZip.Of(("[Content_Types].xml", "<Types/>"), ("word/document.xml", document), ("word/footnotes.xml", footnotes), ("docProps/core.xml", core));

        ExtractedBook book = _reader.Read(_folder.File("notes.docx", file));

        Assert.Equal(BookFormat.Docx, book.Format);
        Assert.Contains("The harbour at dawn", book.Text, StringComparison.Ordinal); // the tab, as whitespace
        Assert.Contains("Kept", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("deleted words", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("MERGEFORMAT", book.Text, StringComparison.Ordinal);
        Assert.Contains("7", book.Text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(book.Text, "boxed once"));
        Assert.Contains("cell one", book.Text, StringComparison.Ordinal);
        Assert.Contains("A footnote on tides.", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SEPARATOR", book.Text, StringComparison.Ordinal);
        Assert.Equal(("Harbour Notes", "Mara Quill", "en-GB"), (book.Title, book.Author, book.Language));
        Assert.Equal(["Tides", "sea", "harbours"], book.Metadata.Tags);
        Assert.Equal(("Notes on a harbour.", "2024-03-05"), (book.Metadata.Description, book.Metadata.Published));
    }

    [Fact]
    public void AnOpenDocumentsTextAndCalibresFieldsAreRead()
    {
        const string content = """
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <office:body><office:text>
                <text:tracked-changes><text:changed-region><text:deletion><text:p>removed sentence</text:p></text:deletion></text:changed-region></text:tracked-changes>
                <text:h text:outline-level="1">Chapter One</text:h>
                <text:p>Two<text:s text:c="3"/>spaces<text:tab/>and a tab<text:line-break/>and a break.</text:p>
                <text:p>A remark<office:annotation><dc:creator>Editor</dc:creator><text:p>fix this</text:p></office:annotation> stays.</text:p>
                <text:p>Noted<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>the note's words</text:p></text:note-body></text:note>.</text:p>
              </office:text></office:body>
            </office:document-content>
            """;
        const string meta = """
            <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <office:meta>
                <dc:title>Emma</dc:title><meta:initial-creator>Jane Austen</meta:initial-creator><dc:creator>Some Editor</dc:creator>
                <meta:keyword>novel</meta:keyword><meta:keyword>classic</meta:keyword><dc:language>en</dc:language>
                <meta:document-statistic meta:page-count="3"/>
                <meta:user-defined meta:name="opf.series">Austen Novels</meta:user-defined>
                <meta:user-defined meta:name="opf.seriesindex">4.0</meta:user-defined>
                <meta:user-defined meta:name="opf.isbn">9780141439587</meta:user-defined>
              </office:meta>
            </office:document-meta>
            """;
        byte[] file = TestZip.Of(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content), ("meta.xml", meta));

        ExtractedBook book = _reader.Read(_folder.File("emma.odt", file));

        Assert.Equal(BookFormat.Odt, book.Format);
        Assert.Contains("Chapter One", book.Text, StringComparison.Ordinal);
        Assert.Contains("Two spaces", book.Text, StringComparison.Ordinal);
        Assert.Contains("and a tab", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("removed sentence", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("fix this", book.Text, StringComparison.Ordinal);
        Assert.Contains("the note's words", book.Text, StringComparison.Ordinal);
        Assert.Equal(("Emma", "Jane Austen", "en"), (book.Title, book.Author, book.Language));
        Assert.Equal(["novel", "classic"], book.Metadata.Tags);
        Assert.Equal(("Austen Novels", 4.0, "9780141439587"), (book.Metadata.Series, book.Metadata.SeriesIndex, book.Metadata.Isbn));
    }

    [Fact]
    public void AZipBombDressedAsAWordDocumentStopsAtTheLimit()
    {
        string huge = $"<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>" + new string('a', 20 * 1024 * 1024) + "</w:t></w:r></w:p></w:body></w:document>";
        byte[] file = TestZip.Of(("[Content_Types].xml", "<Types/>"), ("word/document.xml", huge));
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("bomb.docx", file)));
        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
    }
}
