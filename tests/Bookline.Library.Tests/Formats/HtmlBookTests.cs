using System.Text;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

/// <summary>A book of many HTML pages, opened by its index.html.</summary>
public sealed class HtmlBookTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnIndexPageIsReadWithEveryPageOfItsBookInReadingOrderEachOnce()
    {
        string book = Path.Combine(_folder.Path, "manual");
        Directory.CreateDirectory(Path.Combine(book, "parts"));
        Put(book, "index.html", "<html><head><title>The Manual</title></head><body><p>Contents</p>"
            + "<a href='second.html'>2</a> <a href='parts/first.html#top'>1</a> <a href='second.html'>again</a>"
            + "<a href='https://example.org/x.html'>web</a> <a href='../outside.html'>out</a> <a href='missing.html'>gone</a> <a href='cover.png'>img</a></body></html>");
        Put(book, "second.html", "<p>Page two words.</p><a href='index.html'>back</a><a href='parts/first.html'>1</a>");
        Put(book, "parts/first.html", "<p>Page one words.</p>");
        Put(book, "zz-appendix.html", "<p>An appendix no link reaches.</p>");
        Put(_folder.Path, "outside.html", "<p>Not of this book.</p>");

        ExtractedBook read = _reader.Read(Path.Combine(book, "index.html"));

        Assert.Equal(("The Manual", 4), (read.Title, read.Pages));
        int contents = read.Text.IndexOf("Contents", StringComparison.Ordinal);
        int two = read.Text.IndexOf("Page two words.", StringComparison.Ordinal);
        int one = read.Text.IndexOf("Page one words.", StringComparison.Ordinal);
        int appendix = read.Text.IndexOf("An appendix no link reaches.", StringComparison.Ordinal);
        Assert.True(contents >= 0 && contents < two && two < one && one < appendix, read.Text);
        Assert.Equal(read.Text.IndexOf("Page two words.", StringComparison.Ordinal), read.Text.LastIndexOf("Page two words.", StringComparison.Ordinal));
        Assert.DoesNotContain("Not of this book.", read.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void APageThatIsNotARegularFileIsAWarningNotAHang()
    {
        string book = Path.Combine(_folder.Path, "site");
        Directory.CreateDirectory(book);
        Put(book, "index.html", "<p>Home</p><a href='pipe.html'>p</a>");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(book, "pipe.html")))
        {
            mkfifo.WaitForExit(10_000);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        ExtractedBook read = _reader.Read(Path.Combine(book, "index.html"));

        Assert.Equal("Home p", read.Text); // the link's own words, and nothing of the pipe
        Assert.Contains(read.Warnings, w => w.StartsWith("pipe.html:", StringComparison.Ordinal));
    }

    private static void Put(string folder, string name, string html) => File.WriteAllText(Path.Combine(folder, name), html, Encoding.UTF8);
}
