using System.Text.Json;
using Bookline.Tests.Shared;

namespace Bookline.Cli.Tests;

/// <summary>list, duplicates and status on a calibre library with a copy and a book cataloged twice.</summary>
public sealed class BookListCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _catalog;
    private readonly string _library;
    private readonly IReadOnlyDictionary<int, string> _folders;

    public BookListCommandTests()
    {
        _catalog = Path.Combine(_temp.Path, "catalog.db");
        _library = Path.Combine(_temp.Path, "calibre");
        _folders = CalibreLibrary.Write(_library);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ListShowsEachBookOnceWithItsAuthorsSeriesAndFormatsAndFilters()
    {
        Assert.Equal(0, (await CliRun.RunAsync("scan", _library, "--catalog", _catalog)).Exit);

        var (exit, text, _) = await CliRun.RunAsync("list", "--catalog", _catalog, "--json");
        Assert.Equal(0, exit);
        JsonElement[] books = [.. JsonDocument.Parse(text).RootElement.EnumerateArray()];
        Assert.Equal(["Good Omens", "Guards! Guards!", "Persuasion"], books.Select(b => b.GetProperty("title").GetString()));
        JsonElement omens = books[0];
        Assert.Equal(["Terry Pratchett", "Neil Gaiman"], omens.GetProperty("metadata").GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["epub", "txt"], omens.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("format").GetString()));
        Assert.Equal(64, omens.GetProperty("files")[1].GetProperty("sha256").GetString()!.Length);

        (_, text, _) = await CliRun.RunAsync("list", "--catalog", _catalog, "--sort", "author");
        Assert.True(text.IndexOf("Persuasion", StringComparison.Ordinal) < text.IndexOf("Good Omens", StringComparison.Ordinal), "Austen sorts before Pratchett");
        Assert.Contains("3 books, 4 files.", text, StringComparison.Ordinal);

        (_, text, _) = await CliRun.RunAsync("list", "--catalog", _catalog, "--series", "discworld", "--json");
        Assert.Equal(["Guards! Guards!"], JsonDocument.Parse(text).RootElement.EnumerateArray().Select(b => b.GetProperty("title").GetString()));
        (_, text, _) = await CliRun.RunAsync("list", "--catalog", _catalog, "--author", "gaiman", "--format", "txt", "--json");
        Assert.Equal(["Good Omens"], JsonDocument.Parse(text).RootElement.EnumerateArray().Select(b => b.GetProperty("title").GetString()));

        (exit, _, string error) = await CliRun.RunAsync("list", "--catalog", _catalog, "--sort", "colour");
        Assert.Equal(2, exit);
        Assert.Contains("colour", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicatesFindsTheSameFileTwiceAndTheSameBookCatalogedApartAndStatusCountsThem()
    {
        string copy = Path.Combine(_library, "Copies");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(_library, _folders[3], "Persuasion - Jane Austen.txt"), Path.Combine(copy, "persuasion copy.txt"));
        File.WriteAllText(Path.Combine(copy, "Persuasion.txt"), "Title: PERSUASION\nAuthor: Austen, Jane\n\nAnother edition altogether.");
        Assert.Equal(0, (await CliRun.RunAsync("scan", _library, "--catalog", _catalog)).Exit);

        var (exit, text, _) = await CliRun.RunAsync("duplicates", "--catalog", _catalog, "--json");
        Assert.Equal(0, exit);
        JsonElement root = JsonDocument.Parse(text).RootElement;
        JsonElement files = Assert.Single(root.GetProperty("files").EnumerateArray());
        Assert.Equal(["Copies/persuasion copy.txt", $"{_folders[3]}/Persuasion - Jane Austen.txt"], files.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        JsonElement books = Assert.Single(root.GetProperty("books").EnumerateArray());
        Assert.Equal("persuasion", books.GetProperty("title").GetString()!.ToLowerInvariant());
        Assert.Equal(2, books.GetProperty("books").GetArrayLength());

        (_, text, _) = await CliRun.RunAsync("status", "--catalog", _catalog, "--json");
        JsonElement status = JsonDocument.Parse(text).RootElement;
        Assert.Equal((1, 1), (status.GetProperty("duplicateFiles").GetInt32(), status.GetProperty("duplicateBooks").GetInt32()));
        Assert.Equal(2, status.GetProperty("sidecars").GetProperty("calibre").GetInt32());
        Assert.Equal(3, status.GetProperty("sidecars").GetProperty("metadata").GetInt32());
        Assert.Equal(2, status.GetProperty("sidecars").GetProperty("cover").GetInt32());
        (_, text, _) = await CliRun.RunAsync("status", "--catalog", _catalog);
        Assert.Contains("Sidecars read with the books: 2 calibre, 2 cover, 3 metadata.", text, StringComparison.Ordinal);
        Assert.Contains("Duplicates: 1 files in several places, 1 books cataloged more than once", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipedOutputIsNeverCutAt80Columns()
    {
        string deep = Path.Combine(_library, "A Very Long Shelf Name For Testing", "With A Subfolder Whose Name Is Long Too");
        Directory.CreateDirectory(deep);
        string name = "a file whose name alone is longer than a terminal is wide, and then some more words.xyz";
        File.WriteAllText(Path.Combine(deep, name), "not a book");
        using (BooklineProcess scan = BooklineProcess.Start("scan", _library, "--catalog", _catalog))
        {
            Assert.Equal(0, await scan.ExitAsync(TimeSpan.FromMinutes(2)));
        }

        using BooklineProcess failures = BooklineProcess.Start("failures", "--skipped", "--catalog", _catalog);
        Assert.Equal(0, await failures.ExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains(name, failures.Output, StringComparison.Ordinal);
    }
}
