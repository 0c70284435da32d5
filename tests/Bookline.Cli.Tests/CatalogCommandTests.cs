using System.Text.Json;

namespace Bookline.Cli.Tests;

/// <summary>scan, search, show, status and failures on the sample library, in-process.</summary>
public sealed class CatalogCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _catalog;
    private readonly string _library;

    public CatalogCommandTests()
    {
        _catalog = Path.Combine(_temp.Path, "catalog.db");
        _library = Path.Combine(_temp.Path, "library");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheExitCodeReportsTheLibraryAfterTheScanSoARerunSaysTheSameUntilTheFailuresAreGone()
    {
        Assert.Equal(0, (await CliRun.RunAsync("sample", _library, "--broken")).Exit);

        var (exit, text, _) = await CliRun.RunAsync("scan", _library, "--catalog", _catalog, "--scan-workers", "2");
        Assert.Equal(3, exit);
        Assert.Contains("found 10 files; 7 books cataloged", text, StringComparison.Ordinal);
        Assert.Contains("2 files could not be read", text, StringComparison.Ordinal);

        // The broken files are not read again, but they are still failed: the library is not all cataloged.
        (exit, text, _) = await CliRun.RunAsync("scan", _library, "--catalog", _catalog);
        Assert.Equal(3, exit);
        Assert.Contains("7 unchanged", text, StringComparison.Ordinal);
        Assert.Contains("2 files failed in an earlier scan", text, StringComparison.Ordinal);

        // Once the broken files are gone, so are their failures, and the library is clean.
        File.Delete(Path.Combine(_library, "broken", "empty.txt"));
        File.Delete(Path.Combine(_library, "broken", "torn.pdf"));
        (exit, text, _) = await CliRun.RunAsync("scan", _library, "--catalog", _catalog);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("failed in an earlier scan", text, StringComparison.Ordinal);
        (_, text, _) = await CliRun.RunAsync("failures", "--catalog", _catalog);
        Assert.DoesNotContain("torn.pdf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("holiday-photo.jpg", text, StringComparison.Ordinal); // a skip is not a failure
        Assert.Contains("1 file skipped as not a book", text, StringComparison.Ordinal);
        (_, text, _) = await CliRun.RunAsync("failures", "--skipped", "--catalog", _catalog);
        Assert.Contains("holiday-photo.jpg", text, StringComparison.Ordinal); // and is still listed when asked
    }

    [Fact]
    public async Task TheDefaultSampleScansCleanlyWithExitCode0()
    {
        await CliRun.RunAsync("sample", _library);
        var (exit, text, _) = await CliRun.RunAsync("scan", _library, "--catalog", _catalog);
        Assert.Equal(0, exit);
        Assert.Contains("found 8 files; 7 books cataloged, 0 unchanged, 1 skipped", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanJsonIsMachineReadable()
    {
        await CliRun.RunAsync("sample", _library, "--broken");
        var (_, text, _) = await CliRun.RunAsync("scan", _library, "--catalog", _catalog, "--json");
        using JsonDocument json = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(7, json.RootElement.GetProperty("cataloged").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("stages").GetArrayLength()); // scan, index and catalog
    }

    [Fact]
    public async Task ANameOrTitleWithEscapeSequencesIsPrintedAsTextNeverSentToTheTerminal()
    {
        Directory.CreateDirectory(Path.Combine(_library, "shelf"));
        string name = "red-\u001b[31m-\u001b]0;owned\u0007.txt";
        File.WriteAllText(Path.Combine(_library, "shelf", name), "Title: \u001b[2JCleared\n\n" + string.Concat(Enumerable.Repeat("A lighthouse painted red by its keeper. ", 10)));
        File.WriteAllBytes(Path.Combine(_library, "shelf", "bell-\u0007.pdf"), []);

        var outputs = new List<string>
        {
            (await CliRun.RunAsync("scan", _library, "--catalog", _catalog)).Text,
            (await CliRun.RunAsync("search", "lighthouse", "--catalog", _catalog)).Text,
            (await CliRun.RunAsync("show", "shelf/" + name, "--catalog", _catalog)).Text,
            (await CliRun.RunAsync("failures", "--catalog", _catalog)).Text,
        };

        Assert.All(outputs, text => Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007'));
        Assert.Contains("red-\uFFFD[31m-", outputs[1], StringComparison.Ordinal);
        Assert.Contains("bell-\uFFFD.pdf", outputs[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusFailuresAndShowSpeakJson()
    {
        await CliRun.RunAsync("sample", _library, "--broken");
        await CliRun.RunAsync("scan", _library, "--catalog", _catalog);

        var (exit, text, _) = await CliRun.RunAsync("status", "--catalog", _catalog, "--json");
        Assert.Equal(0, exit);
        using (JsonDocument status = JsonDocument.Parse(text))
        {
            Assert.Equal(7, status.RootElement.GetProperty("books").GetInt32());
            Assert.Equal(2, status.RootElement.GetProperty("failures").GetInt32());
            Assert.Equal(1, status.RootElement.GetProperty("skipped").GetInt32());
            Assert.Equal(3, status.RootElement.GetProperty("byShelf").GetProperty("fiction").GetInt32());
        }

        (exit, text, _) = await CliRun.RunAsync("failures", "--catalog", _catalog, "--json");
        Assert.Equal(0, exit);
        using (JsonDocument failures = JsonDocument.Parse(text))
        {
            Assert.Contains(failures.RootElement.GetProperty("failures").EnumerateArray(),
                f => f.GetProperty("path").GetString() == "broken/empty.txt" && f.GetProperty("reason").GetString() == "empty file");
        }

        (exit, text, _) = await CliRun.RunAsync("show", "fiction/cafe-au-lait.txt", "--catalog", _catalog, "--json");
        Assert.Equal(0, exit);
        using JsonDocument book = JsonDocument.Parse(text);
        Assert.Equal("Café au lait", book.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task SearchShowStatusAndFailuresReadTheCatalog()
    {
        await CliRun.RunAsync("sample", _library, "--broken");
        await CliRun.RunAsync("scan", _library, "--catalog", _catalog);

        var (exit, text, _) = await CliRun.RunAsync("search", "lighthouse", "--catalog", _catalog, "--shelf", "fiction");
        Assert.Equal(0, exit);
        Assert.Contains("The Lighthouse Keeper", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Songs of the Shore", text, StringComparison.Ordinal);

        (_, text, _) = await CliRun.RunAsync("search", "lighthouse", "--catalog", _catalog, "--json");
        using (JsonDocument json = JsonDocument.Parse(text))
        {
            Assert.True(json.RootElement.GetProperty("hits").GetArrayLength() >= 3);
            Assert.Equal("lighthouse", json.RootElement.GetProperty("understood").GetString());
        }

        (exit, text, _) = await CliRun.RunAsync("show", "fiction/cafe-au-lait.txt", "--catalog", _catalog);
        Assert.Equal(0, exit);
        Assert.Contains("Renée Dubois", text, StringComparison.Ordinal);

        (_, text, _) = await CliRun.RunAsync("status", "--catalog", _catalog);
        Assert.Contains("7 books in 7 files, 2 failed files, 1 skipped as not books", text, StringComparison.Ordinal);

        (_, text, _) = await CliRun.RunAsync("failures", "--catalog", _catalog);
        Assert.Contains("broken/empty.txt", text, StringComparison.Ordinal);
        Assert.Contains("empty file", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATypoFindsTheBookAfterTheExactHitsWithADidYouMeanUnlessExact()
    {
        await CliRun.RunAsync("sample", _library);
        await CliRun.RunAsync("scan", _library, "--catalog", _catalog);

        var (exit, text, _) = await CliRun.RunAsync("search", "lighthuose keeper", "--catalog", _catalog);
        Assert.Equal(0, exit);
        Assert.Contains("Did you mean lighthouse keeper?", text, StringComparison.Ordinal);
        Assert.Contains("The Lighthouse Keeper", text, StringComparison.Ordinal);
        Assert.Contains("with a typo corrected", text, StringComparison.Ordinal);

        (exit, text, _) = await CliRun.RunAsync("search", "lighthuose keeper", "--catalog", _catalog, "--exact");
        Assert.Equal(0, exit);
        Assert.Contains("No book matches", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", text, StringComparison.Ordinal);

        (_, text, _) = await CliRun.RunAsync("search", "--help");
        Assert.Contains("NEAR(whale ahab, 5)", text, StringComparison.Ordinal);
        Assert.Contains("year:1850..1900", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "There is no catalog at", "search", "x", "--catalog", "missing.db")]
    [InlineData(2, "does not exist or is not a folder", "scan", "no-such-library")]
    [InlineData(2, "--scan-workers must be at least 1", "scan", ".", "--scan-workers", "0")]
    [InlineData(2, "--limit must be at least 1", "search", "whale", "--limit", "0")]
    [InlineData(2, "or --sample", "scan")]
    public async Task MistakesGetOneClearLineAndAnExitCode(int expectedExit, string message, params string[] args)
    {
        await CliRun.RunAsync("sample", _library, "--broken");
        await CliRun.RunAsync("scan", _library, "--catalog", _catalog);
        string[] withCatalog = args.Contains("--catalog") || args[0] != "search" ? args : [.. args, "--catalog", _catalog];
        var (exit, _, error) = await CliRun.RunAsync(withCatalog);
        Assert.Equal(expectedExit, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APriorityFileWithABadLineIsRejectedWithItsLineNumber()
    {
        await CliRun.RunAsync("sample", _library, "--broken");
        string priorities = Path.Combine(_temp.Path, "priorities.txt");
        await File.WriteAllTextAsync(priorities, "# urgent shelves first\nfiction: 1\npoetry = 2\n");
        var (exit, _, error) = await CliRun.RunAsync("scan", _library, "--catalog", _catalog, "--priority-file", priorities);
        Assert.Equal(2, exit);
        Assert.Contains("priorities.txt, line 3", error, StringComparison.Ordinal);
    }
}
