using System.Text.Json;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Library.Tests.Formats;
using Bookline.Pipelines;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

/// <summary>
/// A library made by calibre itself (calibredb add, ebook-convert), not by our idea of its layout:
/// the catalog must list its books as <c>calibredb list</c> does, each once with all its formats.
/// </summary>
public sealed class RealCalibreLibraryTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [CalibreToolFact]
    public async Task ALibraryCalibreMadeIsCatalogedAsCalibreListsIt()
    {
        string source = Path.Combine(_folder.Path, "source");
        string library = Path.Combine(_folder.Path, "library");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "pride.txt"), "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.");
        File.WriteAllText(Path.Combine(source, "whale.txt"), "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse.");
        File.WriteAllText(Path.Combine(source, "notes.txt"), "Notes of a keeper: the lamp was lit at dusk.");
        await Tool("ebook-convert", Path.Combine(source, "pride.txt"), Path.Combine(source, "pride.epub"), "--title", "Pride and Prejudice", "--authors", "Jane Austen",
            "--series", "Bennet Novels", "--series-index", "1", "--tags", "Classics,Romance", "--isbn", "9780141439518", "--publisher", "T. Egerton");
        await Tool("ebook-convert", Path.Combine(source, "whale.txt"), Path.Combine(source, "whale.azw3"));
        await Calibre(library, "add", Path.Combine(source, "pride.epub"));
        await Calibre(library, "add", Path.Combine(source, "whale.txt"), "--title", "Moby-Dick; or, The Whale", "--authors", "Herman Melville & Anonymous Editor",
            "--series", "Sea Tales", "--series-index", "2", "--tags", "Sea");
        await Calibre(library, "add", Path.Combine(source, "notes.txt"), "--title", "Notes", "--authors", "Unknown");
        await Calibre(library, "add_format", "1", Path.Combine(source, "pride.txt"));
        await Calibre(library, "add_format", "2", Path.Combine(source, "whale.azw3"));
        using JsonDocument listed = JsonDocument.Parse(await Calibre(library, "list", "--for-machine", "--fields", "title,authors,author_sort,series,series_index,formats,identifiers,tags,publisher"));

        await AssertCatalogedAsCalibreListsAsync(library, listed.RootElement, "with-opf.db");

        // calibre backs metadata.opf up when it gets round to it: without any, its database says the same.
        foreach (string opf in Directory.EnumerateFiles(library, "metadata.opf", SearchOption.AllDirectories))
        {
            File.Delete(opf);
        }

        await AssertCatalogedAsCalibreListsAsync(library, listed.RootElement, "without-opf.db");
    }

    private async Task AssertCatalogedAsCalibreListsAsync(string library, JsonElement listed, string catalogName)
    {
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, catalogName));
        LibraryScanReport report = await new LibraryScanner().ScanAsync(library, catalog).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Completed, report.Pipeline.Outcome);
        Assert.Empty(catalog.Failures()); // azw3 is not read yet: skipped, never failed
        IReadOnlyList<CatalogBook> books = catalog.Books();
        Assert.Equal(listed.GetArrayLength(), books.Count);
        foreach (JsonElement expected in listed.EnumerateArray())
        {
            string[] formats = [.. expected.GetProperty("formats").EnumerateArray().Select(f => Path.GetRelativePath(library, f.GetString()!).Replace('\\', '/'))];
            CatalogBook book = formats.Select(catalog.FindByPath).FirstOrDefault(b => b is not null)
                ?? throw new Xunit.Sdk.XunitException($"no file of '{expected.GetProperty("title").GetString()}' is in a book");
            string title = expected.GetProperty("title").GetString()!;
            Assert.Equal(title, book.Title);
            Assert.Equal(expected.GetProperty("authors").GetString(), string.Join(" & ", book.Metadata.Authors));
            Assert.Equal(expected.GetProperty("author_sort").GetString(), book.Metadata.AuthorSort);
            Assert.Equal(expected.TryGetProperty("series", out JsonElement series) ? series.GetString() : null, book.Metadata.Series);
            Assert.Equal(expected.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal), book.Metadata.Tags.Order(StringComparer.Ordinal));
            Assert.Equal(expected.GetProperty("identifiers").EnumerateObject().Select(i => $"{i.Name}:{i.Value.GetString()}"), book.Metadata.Identifiers.Select(i => i.ToString()));
            // Every format calibre lists is this book's: read, or skipped as a format Bookline does not read yet.
            var skipped = catalog.Skipped().Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            Assert.All(formats, f => Assert.True(book.Files.Any(x => x.Path == f) || skipped.Contains(f), $"{f} of '{title}' is neither in the book nor skipped"));
        }
    }

    private static Task<string> Calibre(string library, string command, params string[] args) =>
        Tool("calibredb", [command, "--with-library", library, .. args]);

    private static Task<string> Tool(string tool, params string[] args) => ToolRun.RunAsync(Bound, tool, args);
}
