using System.Text;
using Bookline.Library.Formats;
using Bookline.Library.Samples;

namespace Bookline.Library.Tests.Formats;

public sealed class ReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public ReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void EachFormatIsHashedFromTheSameOpenItIsReadFrom()
    {
        (string Name, byte[] Bytes)[] files =
        [
            ("a.txt", "Plain words of a plain book."u8.ToArray()),
            ("b.epub", SampleBooks.Epub("B", "Author", "en", ["Chapter one."])),
            ("c.pdf", SampleBooks.Pdf("C", "Author", "Page one.")),
            ("d.html", "<html><head><title>D</title></head><body><p>A page.</p></body></html>"u8.ToArray()),
        ];
        foreach (var (name, bytes) in files)
        {
            ExtractedBook book = _reader.Read(_folder.File(name, bytes));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), book.Sha256);
            Assert.False(string.IsNullOrEmpty(book.Text), name);
        }
    }

    [Theory]
    [InlineData("utf-8", "utf-8")]
    [InlineData("utf-8-bom", "utf-8 (byte-order mark)")]
    [InlineData("utf-16", "utf-16le (byte-order mark)")]
    public void TextInUnicodeEncodingsIsDecodedExactly(string kind, string expectedEncoding)
    {
        const string content = "Title: Café Society\nAuthor: Zoë Brontë\n\nÀ la carte, naïve façade.\n";
        byte[] bytes = kind switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(content),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(content)],
            _ => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(content)],
        };

        ExtractedBook book = _reader.Read(_folder.File($"{kind}.txt", bytes));

        Assert.Equal(BookFormat.Text, book.Format);
        Assert.Equal("Café Society", book.Title);
        Assert.Equal("Zoë Brontë", book.Author);
        Assert.Equal(expectedEncoding, book.Encoding);
        Assert.Contains("naïve façade", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows1252TextIsNotMistakenForUtf8()
    {
        byte[] bytes = Encoding.GetEncoding(1252).GetBytes(string.Concat(Enumerable.Repeat("The café served crème brûlée “quietly” — every day. ", 40)));
        ExtractedBook book = _reader.Read(_folder.File("latin.txt", bytes));
        Assert.Contains("crème brûlée", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("utf-8", book.Encoding, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileNameGivesTheTitleWhenTheTextHasNone()
    {
        ExtractedBook book = _reader.Read(_folder.File("moby-dick_1851.txt", Encoding.UTF8.GetBytes("\n\n" + string.Concat(Enumerable.Repeat("Call me Ishmael, some years ago. ", 10)))));
        Assert.Equal("moby dick 1851", book.Title);
        Assert.Equal(5, new ExtractedBook(BookFormat.Text, "t", null, null, null, "one two, three-four five", null, []).Words);
    }

    [Theory]
    [InlineData("empty.txt", new byte[0], "empty file")]
    [InlineData("binary.txt", new byte[] { 0, 1, 2, 3, 0, 0, 0, 5, 0, 0, 7, 0, 0, 0, 0, 1 }, "binary data, not text")]
    public void UnreadableTextFailsWithAReason(string name, byte[] bytes, string reason)
    {
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File(name, bytes)));
        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void HtmlGivesTitleAuthorLanguageAndTextWithoutScripts()
    {
        string html = """
            <!DOCTYPE html><html lang="fr"><head><title>Le Guide &amp; Moi</title><meta name="author" content="A. Dupont">
            <script>var secret = "hidden";</script><style>body{}</style></head>
            <body><h1>Bienvenue</h1><p>Premier&nbsp;paragraphe.</p><p>Second.</p></body></html>
            """;
        ExtractedBook book = _reader.Read(_folder.File("guide/index.html", Encoding.UTF8.GetBytes(html)));
        Assert.Equal(BookFormat.Html, book.Format);
        Assert.Equal("Le Guide & Moi", book.Title);
        Assert.Equal("A. Dupont", book.Author);
        Assert.Equal("fr", book.Language);
        Assert.Contains("Premier", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EpubGivesMetadataAndChaptersInSpineOrder()
    {
        byte[] epub = SampleBooks.Epub("The Whale", "Herman Melville", "en", ["Call me Ishmael.", "The carpet-bag.", "The Spouter-Inn."]);
        ExtractedBook book = _reader.Read(_folder.File("whale.epub", epub));
        Assert.Equal(BookFormat.Epub, book.Format);
        Assert.Equal("The Whale", book.Title);
        Assert.Equal("Herman Melville", book.Author);
        Assert.Equal("en", book.Language);
        Assert.Equal(3, book.Pages);
        Assert.True(book.Text.IndexOf("Ishmael", StringComparison.Ordinal) < book.Text.IndexOf("Spouter", StringComparison.Ordinal));
        Assert.DoesNotContain("color", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ASpineThatRepeatsAFileCountsItOnce()
    {
        byte[] epub = SampleBooks.Epub("Manual", "Team", "en", ["alpha", "beta"], repeatSpine: true);
        ExtractedBook book = _reader.Read(_folder.File("manual.epub", epub));
        Assert.Equal(2, book.Pages);
        Assert.Equal(1, CountOf(book.Text, "alpha"));
    }

    [Fact]
    public void AnEpubWithoutContainerIsReadThroughItsPackageDocument()
    {
        byte[] epub = SampleBooks.Epub("Lost Container", "Nobody", "en", ["still readable"], withContainer: false);
        ExtractedBook book = _reader.Read(_folder.File("odd.epub", epub));
        Assert.Equal("Lost Container", book.Title);
        Assert.Contains("still readable", book.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenEpubFailsWithAReason()
    {
        byte[] epub = SampleBooks.Epub("T", "A", "en", ["x"]);
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("broken.epub", epub[..(epub.Length / 2)])));
        Assert.StartsWith("not a valid EPUB zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PdfGivesPagesTextAndInfoDictionaryMetadata()
    {
        string filler = string.Join('\n', Enumerable.Repeat("Each line of this page holds enough words to be a real page.", 4));
        byte[] pdf = SampleBooks.Pdf("Derivations of Applied Mathematics", "Thaddeus Black", "Chapter one\nThe arithmetic of the integers.\n" + filler, "Chapter two\nThe derivative of a product.\n" + filler);
        ExtractedBook book = _reader.Read(_folder.File("derivations.pdf", pdf));
        Assert.Equal(BookFormat.Pdf, book.Format);
        Assert.Equal(2, book.Pages);
        Assert.Equal("Derivations of Applied Mathematics", book.Title);
        Assert.Equal("Thaddeus Black", book.Author);
        // Words apart, and a new line starts a new word.
        Assert.Contains("Chapter two The derivative of a product. Each line", book.Text, StringComparison.Ordinal);
        Assert.Equal(2 * (6 + 5 + 4 * 12), book.Words);
        Assert.Empty(book.Warnings);
    }

    [Theory]
    [InlineData("report.dvi")]
    [InlineData("Microsoft Word - draft7.doc")]
    [InlineData("Thaddeus Black")]
    public void APdfTitleThatIsAFileNameOrTheAuthorFallsBackToTheFileName(string badTitle)
    {
        byte[] pdf = SampleBooks.Pdf(badTitle, "Thaddeus Black", string.Join('\n', Enumerable.Repeat("Plenty of real text on this page to read.", 5)));
        ExtractedBook book = _reader.Read(_folder.File("applied-maths.pdf", pdf));
        Assert.Equal("applied maths", book.Title);
    }

    [Fact]
    public void APdfWithAlmostNoTextIsCatalogedWithAWarning()
    {
        ExtractedBook book = _reader.Read(_folder.File("blank.pdf", SampleBooks.Pdf(null, null, "", "", "x")));
        Assert.Equal(3, book.Pages);
        Assert.StartsWith("almost no text: 3 pages", Assert.Single(book.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void ContentDecidesTheFormatNotTheExtension()
    {
        string html = _folder.File("page-named.pdf", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Really HTML</title></head><body>x</body></html>"));
        Assert.Equal(BookFormat.Html, FormatDetector.Detect(html));
        Assert.Equal("Really HTML", _reader.Read(html).Title);
        string pdf = _folder.File("actually.txt", SampleBooks.Pdf("P", null, "hello"));
        Assert.Equal(BookFormat.Pdf, FormatDetector.Detect(pdf));
    }

    [Fact]
    public void UnknownFormatsAreRefusedWithAReason()
    {
        var error = Assert.Throws<NotSupportedException>(() => _reader.Read(_folder.File("cover.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])));
        Assert.Equal("not a book format Bookline reads (.jpg)", error.Message);
        Assert.Equal(BookFormat.Image, FormatDetector.Detect(_folder.File("page.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])));
    }

    [Fact]
    public void APageImageWithoutOcrInstalledFailsSayingWhatToInstall()
    {
        var reader = new BookReader([new ImageBookReader(new TesseractOcr("no-such-ocr-command"))]);
        var error = Assert.Throws<BookReadException>(() => reader.Read(_folder.File("scan.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])));
        Assert.Equal("OCR not available (install tesseract-ocr)", error.Message);
    }

    [Fact]
    public void APageImageIsReadByOcrOrFailsSayingWhatToInstall()
    {
        // With tesseract installed (the test script installs it) this reads real text; without it,
        // it checks the reason instead. Either way the outcome is asserted, never skipped.
        var ocr = new TesseractOcr();
        string page = _folder.File("harbour.png", BlockLetterPng.Draw("HARBOUR LIGHT"));
        var reader = new BookReader([new ImageBookReader(ocr)]);
        if (ocr.IsAvailable)
        {
            ExtractedBook book = reader.Read(page);
            Assert.Equal(BookFormat.Image, book.Format);
            Assert.Contains("HARBOUR", book.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("harbour", book.Title);
        }
        else
        {
            Assert.Equal(TesseractOcr.NotAvailable, Assert.Throws<BookReadException>(() => reader.Read(page)).Message);
        }
    }

    [Fact]
    public void AnImageOnlyPdfIsReadByOcrOrFailsSayingWhatToInstall()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        UglyToad.PdfPig.Writer.PdfPageBuilder pdfPage = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        pdfPage.AddPng(BlockLetterPng.Draw("HARBOUR LIGHT"), new UglyToad.PdfPig.Core.PdfRectangle(40, 600, 540, 700));
        string scan = _folder.File("scanned.pdf", builder.Build());
        var ocr = new TesseractOcr();
        var reader = new BookReader([new PdfBookReader(ocr)]);
        if (ocr.IsAvailable)
        {
            ExtractedBook book = reader.Read(scan);
            Assert.Contains("HARBOUR", book.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("text recognized by OCR from page images", book.Warnings);
        }
        else
        {
            Assert.EndsWith(TesseractOcr.NotAvailable, Assert.Throws<BookReadException>(() => reader.Read(scan)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ATruncatedPdfFailsWithAReason()
    {
        byte[] pdf = SampleBooks.Pdf("T", null, "some text");
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("truncated.pdf", pdf[..40])));
        Assert.StartsWith("not a readable PDF", error.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string word) =>
        text.Split([' ', '\n', '.'], StringSplitOptions.RemoveEmptyEntries).Count(w => w == word);
}
