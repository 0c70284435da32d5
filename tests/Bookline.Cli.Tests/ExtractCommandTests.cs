using System.Text;
using Bookline.Cli.Commands;
using Bookline.Library.Formats;
using Bookline.Library.Formats.Isolation;
using Bookline.Library.Samples;

namespace Bookline.Cli.Tests;

/// <summary><c>bookline extract</c> as scans start it: this build's own program in extract mode.</summary>
public sealed class ExtractCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string File(string name, byte[] content)
    {
        string path = Path.Combine(_folder.Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void APdfReadInAnExtractionProcessIsTheBookReadInProcess()
    {
        string pdf = File("harbour.pdf", SampleBooks.Pdf("The Harbour Light", "Mara Quill", "The keeper climbed the stairs.", "Fog rolled in over the ﬁelds."));
        using var inProcess = new BookReader();
        using var isolated = new BookReader(extractor: ExtractCommand.Self());

        ExtractedBook expected = inProcess.Read(pdf);
        ExtractedBook actual = isolated.Read(pdf);
        ExtractedBook again = isolated.Read(pdf); // the same process, reused

        Assert.Equal((expected.Format, expected.Title, expected.Author, expected.Pages, expected.Text, expected.Sha256), (actual.Format, actual.Title, actual.Author, actual.Pages, actual.Text, actual.Sha256));
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(actual.Text, again.Text);
        Assert.Contains("fields", actual.Text, StringComparison.Ordinal); // folded after the process, as in it
    }

    [Fact]
    public void APdfThatNeedsMoreMemoryThanTheLimitFailsSayingSoAndTheNextIsRead()
    {
        // One page of 2,200,000 letters: PdfPig keeps an object of some hundred bytes for each.
        var page = new StringBuilder();
        for (int line = 0; line < 40_000; line++)
        {
            page.Append("the keeper climbed the stairs at dusk to light the lamp\n");
        }

        string heavy = File("heavy.pdf", SampleBooks.Pdf("Heavy", null, page.ToString()));
        string light = File("light.pdf", SampleBooks.Pdf("Light", null, "A short page."));
        using var reader = new BookReader(extractor: ExtractCommand.Self() with { MemoryLimit = ExtractorStart.SmallestMemoryLimit });

        var error = Assert.Throws<BookReadException>(() => reader.Read(heavy));
        ExtractedBook next = reader.Read(light);

        const string Expected = "reading it needs more than 128 MiB of memory, the limit for reading one file";
        Assert.True(error.Message == Expected, error.Message);
        Assert.Equal("A short page.", next.Text);
    }

    [Fact]
    public async Task AScanReadsItsPdfsInExtractionProcessesUnlessToldNot()
    {
        string library = Path.Combine(_folder.Path, "library");
        Directory.CreateDirectory(Path.Combine(library, "shelf"));
        System.IO.File.WriteAllBytes(Path.Combine(library, "shelf", "tide.pdf"), SampleBooks.Pdf("Tide Tables", "Ida Marsh", "High water at dawn."));
        foreach (string[] mode in new[] { Array.Empty<string>(), ["--pdf-in-process"] })
        {
            string catalog = Path.Combine(_folder.Path, mode.Length + ".db");
            string[] args = ["scan", library, "--catalog", catalog, .. mode];
            var (exit, text, error) = await CliRun.RunAsync(args);
            Assert.True(exit == 0, $"{string.Join(" ", mode)}: exit {exit}: {text}{error}");
            var (_, found, _) = await CliRun.RunAsync("search", "--catalog", catalog, "dawn");
            Assert.Contains("Tide Tables", found, StringComparison.Ordinal);
        }
    }
}
