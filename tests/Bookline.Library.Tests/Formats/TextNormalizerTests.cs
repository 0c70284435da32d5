using Bookline.Library.Formats;
using Bookline.Library.Samples;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Writer;

namespace Bookline.Library.Tests.Formats;

public sealed class TextNormalizerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("the \uFB01nancial \uFB02ow, e\uFB00ort, o\uFB03ce, ba\uFB04e", "the financial flow, effort, office, baffle")]
    [InlineData("co\u00ADoperate and zero\u200Bwidth\u2060joined\uFEFF", "cooperate and zerowidthjoined")]
    [InlineData("\uFF21\uFF22\uFF23\u3000full\u2003width", "ABC full width")]
    [InlineData("non\u2011breaking and \u2010hyphen", "non-breaking and -hyphen")]
    [InlineData("cafe\u0301 na\u0131\u0308ve", "caf\u00E9 na\u0131\u0308ve")]
    public void PresentationFormsAndInvisibleCharactersAreFolded(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Fold(text));

    [Theory]
    [InlineData("x\u00B2 + y\u00B2, \u00BD cup, \u2460 first, \u2163 Henry")]
    [InlineData("plain ASCII text that needs nothing")]
    public void FormsThatChangeWhatTheTextSaysAreKept(string text) =>
        Assert.Same(text, TextNormalizer.Fold(text));

    [Theory]
    [InlineData("an un-\nwelcome guest", "an unwelcome guest")]
    [InlineData("an un- \n  welcome guest", "an unwelcome guest")]
    [InlineData("soft\u00AD\nhyphen", "softhyphen")]
    [InlineData("run apt-\nget now; apt-get is the tool", "run apt-get now; apt-get is the tool")]
    [InlineData("re-\nenter, as re-enter and reenter are both written", "reenter, as re-enter and reenter are both written")]
    [InlineData("Smith-\nJones stays, as does 1990-\n1995 and a dash -\nalone", "Smith-\nJones stays, as does 1990-\n1995 and a dash -\nalone")]
    public void WordsHyphenatedAtALineEndAreJoined(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.JoinHyphenatedLines(text));

    [Fact]
    public void APdfsLigaturesHyphenationAndRaisedLettersAreSearchableAsTyped()
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder page = builder.AddPage(PageSize.A4);
        page.AddText("The guest was un-", 11, new PdfPoint(40, 760), font);
        page.AddText("welcome at first.", 11, new PdfPoint(40, 744), font);

        // The LaTeX logo: an A raised and smaller, drawn where the L ends, then TEX.
        var letters = page.AddText("L", 11, new PdfPoint(40, 728), font);
        double x = letters[^1].EndBaseLine.X;
        letters = page.AddText("A", 8, new PdfPoint(x - 0.5, 731), font);
        x = letters[^1].EndBaseLine.X;
        page.AddText("TEX typesets it.", 11, new PdfPoint(x - 0.5, 728), font);
        page.AddText("A line of filler words so that the page holds enough text to need no OCR at all.", 11, new PdfPoint(40, 712), font);

        ExtractedBook book = new BookReader().Read(_folder.File("logo.pdf", builder.Build()));
        Assert.Contains("The guest was unwelcome at first.", book.Text, StringComparison.Ordinal);
        Assert.Contains("LATEX typesets it.", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ATextFileOverTheByteLimitIsReadFromItsStartWithAWarning()
    {
        // "é" is two bytes in UTF-8: a limit of 9 bytes falls inside the fifth.
        string path = _folder.File("long.txt", System.Text.Encoding.UTF8.GetBytes("ééééé and the rest of a long book"));
        ExtractedBook book = new BookReader(limits: new ReadLimits { MaxTextBytes = 9 }).Read(path);
        Assert.Equal("éééé", book.Text);
        Assert.Equal("utf-8", book.Encoding);
        Assert.Contains("only the first 8 bytes of 38 bytes read (the limit for text files)", book.Warnings);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), book.Sha256);
    }

    [Fact]
    public void ATextLongerThanTheCharacterLimitIsCutAtAWordWithAWarning()
    {
        string path = _folder.File("book.txt", "one two three four five six seven eight nine ten"u8.ToArray());
        ExtractedBook book = new BookReader(limits: new ReadLimits { MaxTextCharacters = 16 }).Read(path);
        Assert.Equal("one two three", book.Text);
        Assert.Contains(book.Warnings, w => w.StartsWith("text cut at 13 characters of ", StringComparison.Ordinal) && w.EndsWith("(the limit for one book)", StringComparison.Ordinal));
    }

    [Fact]
    public void APdfStopsBeingReadAtThePageThatReachesTheCharacterLimit()
    {
        string page = string.Join('\n', Enumerable.Repeat("Each line of this page holds enough words to be a real page.", 4));
        string path = _folder.File("long.pdf", SampleBooks.Pdf("Long", "Writer", page, page, page, page));
        ExtractedBook book = new BookReader(limits: new ReadLimits { MaxTextCharacters = 300 }).Read(path);
        Assert.Equal(4, book.Pages);
        Assert.Contains("pages 3–4 not read: the text before them reached the limit for one book", book.Warnings);
        Assert.True(book.Text.Length <= 300, book.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
