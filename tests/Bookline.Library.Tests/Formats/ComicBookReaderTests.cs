using System.Text;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

public sealed class ComicBookReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AComicsPagesAreCountedInReadingOrderAndComicInfoGivesItsMetadata()
    {
        const string info = """
            <?xml version="1.0"?>
            <ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <Title>The Lighthouse</Title><Series>Harbour Tales</Series><Number>3</Number>
              <Summary>A keeper and a storm.</Summary><Year>2019</Year><Month>6</Month>
              <Writer>Mara Quill, Tom Reed</Writer><Penciller>Ann Ink</Penciller><Publisher>Tide Press</Publisher>
              <Genre>Adventure, Sea</Genre><LanguageISO>en</LanguageISO><PageCount>3</PageCount>
            </ComicInfo>
            """;
        byte[] file = TestZip.Of(("page10.jpg", "x"), ("page2.jpg", "x"), ("page1.jpg", "x"), ("__MACOSX/._page1.jpg", "x"), (".hidden.png", "x"), ("ComicInfo.xml", info));

        ExtractedBook book = _reader.Read(_folder.File("tales-3.cbz", file));

        Assert.Equal(BookFormat.Comic, book.Format);
        Assert.Equal((3, "page1.jpg"), (book.Pages, book.Cover));
        Assert.Equal(("The Lighthouse", "Mara Quill", "en"), (book.Title, book.Author, book.Language));
        Assert.Equal(["Mara Quill", "Tom Reed"], book.Metadata.Authors);
        Assert.Equal(("Harbour Tales", 3.0, "Tide Press", "2019-06"), (book.Metadata.Series, book.Metadata.SeriesIndex, book.Metadata.Publisher, book.Metadata.Published));
        Assert.Equal(["Adventure", "Sea"], book.Metadata.Tags);
        Assert.Equal("A keeper and a storm.", book.Text); // pictures are not text: the summary is what a search finds
    }

    [Fact]
    public void AComicWithoutComicInfoIsNamedByItsFileAndOneWithoutPagesFails()
    {
        ExtractedBook book = _reader.Read(_folder.File("Storm Over Lyme.cbz", TestZip.Of(("01.png", "x"), ("02.png", "x"))));
        Assert.Equal(("Storm Over Lyme", 2, ""), (book.Title, book.Pages, book.Text));

        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("empty.cbz", TestZip.Of(("notes.txt", "no pages")))));
        Assert.Equal("a comic book archive without page images", error.Message);
    }

    [Fact]
    public void AComicInARarArchiveIsReadAsACbz()
    {
        byte[] info = "<ComicInfo><Series>Harbour Tales</Series><Number>4</Number><Writer>Ada Keeper</Writer></ComicInfo>"u8.ToArray();
        byte[] rar = TestRar.Of(("pages/page2.png", [1]), ("pages/page10.png", [2]), ("pages/page1.png", [3]), ("ComicInfo.xml", info));
        ExtractedBook book = _reader.Read(_folder.File("tales-4.cbr", rar));
        Assert.Equal(BookFormat.Comic, book.Format);
        Assert.Equal(("Harbour Tales #4", "Ada Keeper", 3, "pages/page1.png"), (book.Title, book.Author, book.Pages, book.Cover));
        Assert.Equal("Harbour Tales", book.Metadata.Series);

        // A RAR named .cbz, as many are, is still a comic; a RAR named .rar is not a book by itself.
        Assert.Equal(BookFormat.Comic, _reader.Read(_folder.File("renamed.cbz", rar)).Format);
    }

    [Fact]
    public async Task AComicInA7zArchiveIsRead()
    {
        if (!File.Exists("/usr/bin/7zz"))
        {
            return; // scripts/test.sh installs Debian's 7zip; without it there is nothing to write a 7z with.
        }

        string folder = Path.Combine(_folder.Path, "pages");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "01.png"), [1]);
        File.WriteAllBytes(Path.Combine(folder, "02.png"), [2]);
        File.WriteAllText(Path.Combine(folder, "ComicInfo.xml"), "<ComicInfo><Title>Fog Bell</Title></ComicInfo>");
        string archive = Path.Combine(_folder.Path, "fog.cb7");
        await ToolRun.RunAsync(TimeSpan.FromSeconds(30), "/usr/bin/7zz", "a", "-t7z", archive, Path.Combine(folder, "*"));
        ExtractedBook book = _reader.Read(archive);
        Assert.Equal(("Fog Bell", 2, "01.png"), (book.Title, book.Pages, book.Cover));
    }

    [Fact]
    public void WithOcrAComicsPagesAreReadInOrderOrItFailsSayingWhatToInstall()
    {
        var ocr = new TesseractOcr();
        byte[] cbz = TestZip.Of(("p2.png", BlockLetterPng.Draw("BIG BELL")), ("p1.png", BlockLetterPng.Draw("HARBOUR LIGHT")));
        var reader = new BookReader(ocrComics: true);
        string path = _folder.File("lettered.cbz", cbz);
        if (ocr.IsAvailable)
        {
            ExtractedBook book = reader.Read(path);
            Assert.Matches("(?s)HARBOUR.*BELL", book.Text.ToUpperInvariant());
            Assert.Contains("text recognized by OCR from the pages", book.Warnings);
        }
        else
        {
            Assert.EndsWith(TesseractOcr.NotAvailable, Assert.Throws<BookReadException>(() => reader.Read(path)).Message, StringComparison.Ordinal);
        }

        // Without the option the same comic is cataloged by its metadata alone.
        Assert.Equal("", _reader.Read(path).Text);
    }
}
