using Bookline.Library.Formats;
using Bookline.Library.Tests.Scanning;

namespace Bookline.Library.Tests.Formats;

/// <summary>Books as calibre's own converter writes them: MOBI 6, AZW3 (KF8), the joint file kindlegen makes, FB2, DOCX, TXTZ, HTMLZ, RTF, LRF and eReader PDB.</summary>
public sealed class CalibreMadeBookTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [CalibreToolFact]
    public async Task EachFormatCalibreWritesIsReadWithItsTextAndMetadata()
    {
        string source = _folder.File("whale.txt", "The Whale\n\nCall me Ishmael.\n\nChapter Two\n\nThe narwhal surfaced beside the ship.\n"u8.ToArray());
        var reader = new BookReader();
        foreach ((string name, string[] options, BookFormat format) in new[]
        {
            ("whale.mobi", Array.Empty<string>(), BookFormat.Mobi),
            ("whale.azw3", [], BookFormat.Azw3),
            ("joint.mobi", ["--mobi-file-type", "both"], BookFormat.Mobi),
            ("whale.fb2", [], BookFormat.Fb2),
            ("whale.docx", [], BookFormat.Docx),
            ("whale.txtz", [], BookFormat.Txtz),
            ("whale.htmlz", [], BookFormat.Htmlz),
            ("whale.rtf", [], BookFormat.Rtf),
            ("whale.lrf", [], BookFormat.Lrf),
            ("whale.pdb", ["--format", "ereader"], BookFormat.PalmDoc),
        })
        {
            string target = Path.Combine(_folder.Path, name);
            await ToolRun.RunAsync(TimeSpan.FromMinutes(2), "ebook-convert", [source, target, .. options, "--title", "Moby Dick", "--authors", "Herman Melville & Ishmael Scribe", "--language", "en", "--isbn", "9780142437247", "--tags", "Sea,Classics"]);

            ExtractedBook book = reader.Read(target);

            Assert.Equal(format, book.Format);
            Assert.Contains("The narwhal surfaced beside the ship.", book.Text, StringComparison.Ordinal);
            Assert.Equal("Moby Dick", book.Title);
            // calibre writes an LRF's last author only.
            Assert.Equal(format == BookFormat.Lrf ? ["Ishmael Scribe"] : ["Herman Melville", "Ishmael Scribe"], book.Metadata.Authors);
            if (format is not BookFormat.Rtf and not BookFormat.PalmDoc)
            {
                Assert.StartsWith("en", book.Language, StringComparison.Ordinal); // RTF has no place for it
            }
            if (format is BookFormat.Mobi or BookFormat.Azw3 or BookFormat.Fb2)
            {
                Assert.Equal("9780142437247", book.Metadata.Isbn); // the formats with a place for it
            }
        }
    }
}
