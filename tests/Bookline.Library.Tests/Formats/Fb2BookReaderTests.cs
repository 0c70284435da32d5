using System.Text;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

public sealed class Fb2BookReaderTests : IDisposable
{
    private const string Book = """
        <?xml version="1.0" encoding="{0}"?>
        <FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">
          <description>
            <title-info>
              <genre>sf_fantasy</genre><genre>humor</genre>
              <author><first-name>Terry</first-name><last-name>Pratchett</last-name></author>
              <author><nickname>Neil</nickname></author>
              <book-title>Хорошие знамения</book-title>
              <annotation><p>The world will end</p><p>on a Saturday.</p></annotation>
              <coverpage><image l:href="#cover.png"/></coverpage>
              <lang>ru</lang>
              <sequence name="Omens" number="1"/>
            </title-info>
            <publish-info><publisher>Gollancz</publisher><year>1990</year><isbn>978-0-575-04800-6, 0575048002</isbn></publish-info>
          </description>
          <body>
            <title><p>Глава первая</p></title>
            <section><p>In the beginning</p><p>there was a <emphasis>garden</emphasis>.</p>
              <poem><stanza><v>A line of verse</v></stanza></poem></section>
          </body>
          <body name="notes"><section><p>A footnote.</p></section></body>
          <binary id="cover.png" content-type="image/png">iVBORw0KGgo=</binary>
        </FictionBook>
        """;

    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public Fb2BookReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("utf-8")]
    [InlineData("windows-1251")]
    public void AFictionBooksTextAndMetadataAreRead(string encoding)
    {
        byte[] bytes = Encoding.GetEncoding(encoding).GetBytes(Book.Replace("{0}", encoding, StringComparison.Ordinal));

        ExtractedBook book = _reader.Read(_folder.File("omens.fb2", bytes));

        Assert.Equal(BookFormat.Fb2, book.Format);
        Assert.Equal("Хорошие знамения", book.Title);
        Assert.Equal(["Terry Pratchett", "Neil"], book.Metadata.Authors);
        Assert.Equal(("Omens", 1.0), (book.Metadata.Series, book.Metadata.SeriesIndex));
        Assert.Equal(["sf_fantasy", "humor"], book.Metadata.Tags);
        Assert.Equal(("ru", "Gollancz", "1990", "9780575048006"), (book.Language, book.Metadata.Publisher, book.Metadata.Published, book.Metadata.Isbn));
        Assert.Equal("The world will end on a Saturday.", book.Metadata.Description);
        Assert.Equal("#cover.png", book.Cover);
        Assert.Contains("Глава первая", book.Text, StringComparison.Ordinal);
        Assert.Contains("there was a garden.", book.Text, StringComparison.Ordinal);
        Assert.Contains("A line of verse", book.Text, StringComparison.Ordinal);
        Assert.Contains("A footnote.", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("iVBOR", book.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("omens.fb2.zip")]
    [InlineData("omens.fbz")]
    public void AZippedFictionBookIsRead(string name)
    {
        byte[] zip = TestZip.Of(("omens.fb2", Encoding.UTF8.GetBytes(Book.Replace("{0}", "utf-8", StringComparison.Ordinal))));
        ExtractedBook book = _reader.Read(_folder.File(name, zip));
        Assert.Equal((BookFormat.Fb2, "Хорошие знамения"), (book.Format, book.Title));
    }

    [Fact]
    public void HostileFictionBooksFailWithTheirReason()
    {
        string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE FictionBook [<!ENTITY a "hahahahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <FictionBook><body><p>&c;</p></body></FictionBook>
            """;
        Assert.Contains("not well-formed FictionBook XML", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("laughs.fb2", Encoding.UTF8.GetBytes(laughs)))).Message, StringComparison.Ordinal);

        string deep = "<FictionBook><body>" + string.Concat(Enumerable.Repeat("<section>", 150)) + "deep" + string.Concat(Enumerable.Repeat("</section>", 150)) + "</body></FictionBook>";
        Assert.Equal("elements nested more than 100 deep", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("deep.fb2", Encoding.UTF8.GetBytes(deep)))).Message);

        byte[] bomb = TestZip.Of(("bomb.fb2", [.. "<FictionBook><body><p>"u8, .. Enumerable.Repeat((byte)'a', 20 * 1024 * 1024)])); // 20 MiB of text from about 20 KiB
        Assert.Contains("zip bomb", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("bomb.fbz", bomb))).Message, StringComparison.Ordinal);
    }
}
