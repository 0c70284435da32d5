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
}
