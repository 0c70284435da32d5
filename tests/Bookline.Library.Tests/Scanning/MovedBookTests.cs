using Bookline.Library.Catalog;
using Bookline.Library.Tests.Catalog;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

/// <summary>A book moved to another shelf or renamed keeps its record (its id, so its links) on both stores; a copy is a book of its own.</summary>
public sealed class MovedBookTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _databases = [];

    public void Dispose()
    {
        TestServers.DropDatabases(_databases);
        _folder.Dispose();
    }

    [Fact]
    public Task OnSqlite() => MovedAndRenamedBooksKeepTheirIds(Path.Combine(_folder.Path, "catalog.db"));

    [PostgresFact]
    public Task OnPostgres()
    {
        string location = TestServers.NewDatabase();
        _databases.Add(location);
        return MovedAndRenamedBooksKeepTheirIds(location);
    }

    private async Task MovedAndRenamedBooksKeepTheirIds(string location)
    {
        string library = Path.Combine(_folder.Path, "library");
        Directory.CreateDirectory(Path.Combine(library, "sea"));
        File.WriteAllText(Path.Combine(library, "sea", "moby.txt"), "Title: Moby Dick\n\nCall me Ishmael.\n");
        File.WriteAllText(Path.Combine(library, "sea", "tide.txt"), "Title: Tide Tables\n\nHigh water at dawn.\n");
        File.WriteAllText(Path.Combine(library, "sea", "bell.txt"), "Title: Bells at Sea\n\nEight bells, and the watch changed.\n");
        using ICatalog catalog = CatalogReads.Open(location);
        await new LibraryScanner().ScanAsync(library, catalog);
        Dictionary<string, long> ids = (await catalog.BooksAsync()).ToDictionary(b => b.Title, b => b.Id);

        Directory.CreateDirectory(Path.Combine(library, "classics"));
        File.Move(Path.Combine(library, "sea", "moby.txt"), Path.Combine(library, "classics", "Moby Dick.txt"));
        File.Move(Path.Combine(library, "sea", "tide.txt"), Path.Combine(library, "sea", "tide-tables.txt"));
        File.Move(Path.Combine(library, "sea", "bell.txt"), Path.Combine(library, "sea", "bells-at-sea.txt"));
        File.Copy(Path.Combine(library, "sea", "tide-tables.txt"), Path.Combine(library, "sea", "tide-copy.txt"));
        LibraryScanReport report = await new LibraryScanner().ScanAsync(library, catalog);

        IReadOnlyList<CatalogBook> books = await catalog.BooksAsync();
        Assert.Equal(ids["Moby Dick"], books.Single(b => b.Path == "classics/Moby Dick.txt").Id);
        Assert.Equal("classics", books.Single(b => b.Path == "classics/Moby Dick.txt").Shelf);
        // Renamed and copied at once, two files are the old one by content: one keeps its record (whichever is written
        // first), the other is a book of its own.
        long[] tides = [books.Single(b => b.Path == "sea/tide-tables.txt").Id, books.Single(b => b.Path == "sea/tide-copy.txt").Id];
        Assert.Single(tides, id => id == ids["Tide Tables"]);
        Assert.Equal(ids["Bells at Sea"], books.Single(b => b.Path == "sea/bells-at-sea.txt").Id); // a rename alone
        Assert.Equal(4, books.Count);
        Assert.Equal(0, report.Removed);
        Assert.Null(await catalog.FindByPathAsync("sea/moby.txt"));
        Assert.Single((await catalog.SearchAsync(new SearchRequest("ishmael"))).Hits);
    }
}
