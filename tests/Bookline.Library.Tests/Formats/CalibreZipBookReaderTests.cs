using System.Text;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

public sealed class CalibreZipBookReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ATxtzWithCalibresOeb1MetadataIsRead()
    {
        // calibre's TXTZ: index.txt, and an OEB 1.0 package with capitalized Dublin Core names.
        const string opf = """
            <?xml version='1.0' encoding='utf-8'?>
            <metadata>
              <dc-metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:Title>Persuasion</dc:Title><dc:Language>en-GB</dc:Language>
                <dc:Creator file-as="Austen, Jane" role="aut">Jane Austen</dc:Creator>
                <dc:Subject>Classics</dc:Subject>
              </dc-metadata>
            </metadata>
            """;
        ExtractedBook book = _reader.Read(_folder.File("persuasion.txtz", TestZip.Of(("index.txt", "Anne Elliot walked by the sea at Lyme."), ("metadata.opf", opf))));

        Assert.Equal((BookFormat.Txtz, "Persuasion", "Jane Austen", "en-GB"), (book.Format, book.Title, book.Author, book.Language));
        Assert.Equal(["Classics"], book.Metadata.Tags);
        Assert.Equal("Anne Elliot walked by the sea at Lyme.", book.Text);
    }

    [Fact]
    public void AnHtmlzIsReadWithItsCover()
    {
        const string opf = """
            <package xmlns="http://www.idpf.org/2007/opf" version="2.0">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
                <dc:title>Harbour Guide</dc:title><dc:creator opf:role="aut">Port Authority</dc:creator>
                <meta name="calibre:series" content="Guides"/><meta name="calibre:series_index" content="2"/>
              </metadata>
              <guide><reference type="cover" href="cover.jpg"/></guide>
            </package>
            """;
        byte[] file = TestZip.Of(("index.html", "<html><body><h1>Harbour</h1><p>Moor at the east quay.</p></body></html>"), ("style.css", "p{}"), ("metadata.opf", opf), ("cover.jpg", "\u00ff\u00d8"));

        ExtractedBook book = _reader.Read(_folder.File("guide.htmlz", file));

        Assert.Equal((BookFormat.Htmlz, "Harbour Guide", "Port Authority"), (book.Format, book.Title, book.Author));
        Assert.Equal(("Guides", 2.0), (book.Metadata.Series, book.Metadata.SeriesIndex));
        Assert.Equal("cover.jpg", book.Cover);
        Assert.Contains("Moor at the east quay.", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AZipWithoutABookInItFailsWithTheReason()
    {
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("empty.txtz", TestZip.Of(("notes.md", "nothing")))));
        Assert.Equal("a TXTZ or HTMLZ book without index.txt or an HTML page", error.Message);
    }
}
