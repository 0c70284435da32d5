using System.Text;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

public sealed class RtfBookReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void CodePagesUnicodeFallbacksBinaryDataAndInfoAreHandled()
    {
        // \'cf\'f0 in cp1251 is "Пр"; \u1080? under \uc1 is "и" with "?" skipped; under \uc0 nothing is skipped;
        // \bin4 hides four raw bytes (braces and backslashes among them); a Cyrillic font charset wins over the document's code page.
        byte[] rtf = Encoding.Latin1.GetBytes(
            "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fnil\\fcharset0 Arial;}{\\f1\\fnil\\fcharset204 Times;}}"
            + "{\\info{\\title \\'cf\\'f0\\u1080?\\'e2\\'e5\\'f2}{\\author Anna Karenina & Leo Tolstoy}{\\keywords novel, russian}{\\category classics}{\\subject A family story}{\\manager Russkiy Vestnik}}"
            + "{\\*\\generator Writer 1.0;}{\\colortbl;\\red0\\green0\\blue0;}"
            + "\\pard\\f1 \\'cf\\'f0\\u1080?\\'e2\\'e5\\'f2 {\\uc0\\u1084\\u1080\\u1088} \\par"
            + "{\\pict\\pngblip 89504e470d0a1a0a}\\f0 Caf\\u233\\'e9 au lait\\par"
            + " raw{\\bin4 {}\\\\}data\\tab end\\emdash ok\\line next{\\field{\\*\\fldinst HYPERLINK \"x\"}{\\fldrslt shown link}}}");

        ExtractedBook book = _reader.Read(_folder.File("anna.rtf", rtf));

        Assert.Equal(BookFormat.Rtf, book.Format);
        Assert.Equal("Привет", book.Title);
        Assert.Equal(["Anna Karenina", "Leo Tolstoy"], book.Metadata.Authors);
        Assert.Equal(["novel", "russian", "classics"], book.Metadata.Tags);
        Assert.Equal(("A family story", "Russkiy Vestnik"), (book.Metadata.Description, book.Metadata.Publisher));
        Assert.StartsWith("Привет мир", book.Text, StringComparison.Ordinal);
        Assert.Contains("Café au lait", book.Text, StringComparison.Ordinal);
        Assert.Contains("rawdata end\u2014ok", book.Text, StringComparison.Ordinal);
        Assert.Contains("shown link", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("HYPERLINK", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Arial", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("89504e", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Writer", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileRtfFailsOrEndsWithItsReason()
    {
        byte[] deep = Encoding.ASCII.GetBytes("{\\rtf1 " + new string('{', 5000) + "x" + new string('}', 5000) + "}");
        Assert.Equal("groups nested more than 1000 deep", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("deep.rtf", deep))).Message);

        // A \bin longer than the file, and an unclosed group: the text before is kept, nothing hangs.
        ExtractedBook cut = _reader.Read(_folder.File("cut.rtf", Encoding.ASCII.GetBytes("{\\rtf1 kept words {\\bin999999999 ")));
        Assert.Equal("kept words", cut.Text);
    }
}
