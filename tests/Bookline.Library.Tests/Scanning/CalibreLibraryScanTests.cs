using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

/// <summary>A library calibre made: its database, metadata.opf and covers are read with the books, never failures.</summary>
public sealed class CalibreLibraryScanTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();
    private readonly string _library;
    private readonly IReadOnlyDictionary<int, string> _folders;

    public CalibreLibraryScanTests()
    {
        _library = Path.Combine(_folder.Path, "calibre");
        _folders = CalibreLibrary.Write(_library);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SidecarsAreNeverFailuresAndTheAuthorFoldersAreNotShelves()
    {
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));
        LibraryScanReport report = await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);

        Assert.Empty(catalog.Failures());
        Assert.Equal(3, report.Cataloged); // three books, one of them in two formats
        // metadata.db, its prefs backup, three metadata.opf and two covers.
        Assert.Equal(7, report.Sidecars);
        Assert.Equal(4, report.Found);
        Assert.True(report.AllDone);
        Assert.Equal(new Dictionary<string, long> { [LibraryScanner.RootShelf] = 3 }, catalog.GetStatus().ByShelf);
        Assert.Equal(4, catalog.GetStatus().Files);
    }

    [Fact]
    public async Task ABooksExtraFilesInItsDataFolderAreNeitherBooksNorFailures()
    {
        // calibre keeps a book's extra files (not formats) in data/ inside its folder, subfolders too.
        string data = Path.Combine(_library, _folders[1], "data");
        Directory.CreateDirectory(Path.Combine(data, "audio"));
        File.WriteAllText(Path.Combine(data, "notes.txt"), "my notes on Good Omens");
        File.WriteAllText(Path.Combine(data, "audio", "reading.txt"), "a transcript");
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));

        LibraryScanReport report = await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);

        Assert.Equal((3, 4), (report.Cataloged, report.Found));
        Assert.Empty(catalog.Failures());
        Assert.Empty(catalog.Skipped());
        Assert.Equal(7 + 2, report.Sidecars);
        Assert.Equal(2, catalog.GetStatus().Sidecars["extra"]);
        Assert.Null(catalog.FindByPath($"{_folders[1]}/data/notes.txt"));
    }

    [Fact]
    public async Task MetadataOpfWinsOverTheFilesOwnAndTheCoverBesideIsTheBooks()
    {
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));
        await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);

        // The EPUB itself says "GOOD OMENS" by one author; calibre's metadata.opf says more.
        CatalogBook omens = catalog.FindByPath($"{_folders[1]}/Good Omens - Terry Pratchett.epub")!;
        Assert.Equal("Good Omens", omens.Title);
        Assert.Equal("Terry Pratchett", omens.Author);
        Assert.Equal(["Terry Pratchett", "Neil Gaiman"], omens.Metadata.Authors);
        Assert.Equal("Pratchett, Terry & Gaiman, Neil", omens.Metadata.AuthorSort);
        Assert.Equal("9780575048006", omens.Metadata.Isbn);
        Assert.Equal(["Fantasy", "Humour"], omens.Metadata.Tags);
        Assert.Equal(4, omens.Metadata.Rating);
        Assert.Equal($"{_folders[1]}/cover.jpg", omens.Cover);

        CatalogBook guards = catalog.FindByPath($"{_folders[2]}/Guards_ Guards_ - Terry Pratchett.epub")!;
        Assert.Equal("Guards! Guards!", guards.Title);
        Assert.Equal(("Discworld", 8.0), (guards.Metadata.Series, guards.Metadata.SeriesIndex));

        // A text file has no metadata of its own: all of it comes from the OPF; no cover.jpg, no cover.
        CatalogBook persuasion = catalog.FindByPath($"{_folders[3]}/Persuasion - Jane Austen.txt")!;
        Assert.Equal(("Persuasion", "Jane Austen", "eng"), (persuasion.Title, persuasion.Author, persuasion.Language));
        Assert.Null(persuasion.Cover);

        // Every author and the series are found by search.
        Assert.Contains(catalog.Search("gaiman"), h => h.Path.EndsWith(".epub", StringComparison.Ordinal) && h.Title == "Good Omens");
        Assert.Single(catalog.Search("discworld"));
    }

    [Fact]
    public async Task WithoutMetadataOpfCalibresDatabaseStillGivesEachBookAllItsMetadataAndItWinsOverAStaleOpf()
    {
        foreach (string opf in Directory.EnumerateFiles(_library, "metadata.opf", SearchOption.AllDirectories).Where(f => !f.Contains("(2)", StringComparison.Ordinal)))
        {
            File.Delete(opf); // calibre had not backed these books up yet
        }

        // The OPF left is stale: the database has the title as it was edited since.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_library, "metadata.db")};Pooling=False"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE books SET title = 'Guards! Guards! (Discworld 8)' WHERE id = 2";
            edit.ExecuteNonQuery();
        }

        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));
        LibraryScanReport report = await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);

        Assert.Empty(catalog.Failures());
        Assert.Equal(3, report.Cataloged);
        CatalogBook omens = catalog.FindByPath($"{_folders[1]}/Good Omens - Terry Pratchett.txt")!;
        Assert.Equal(2, omens.Files.Count); // still one book: the database names its folder
        Assert.Equal("Good Omens", omens.Title);
        Assert.Equal(["Terry Pratchett", "Neil Gaiman"], omens.Metadata.Authors);
        Assert.Equal("Pratchett, Terry & Gaiman, Neil", omens.Metadata.AuthorSort);
        Assert.Equal("9780575048006", omens.Metadata.Isbn);
        Assert.Equal(["Fantasy", "Humour"], omens.Metadata.Tags);
        Assert.Equal(("Gollancz", "1990-05-01", 4.0), (omens.Metadata.Publisher, omens.Metadata.Published, omens.Metadata.Rating));
        Assert.Equal(["eng"], omens.Metadata.Languages);
        Assert.StartsWith("The world will end", omens.Metadata.Description, StringComparison.Ordinal);
        CatalogBook guards = catalog.FindByPath($"{_folders[2]}/Guards_ Guards_ - Terry Pratchett.epub")!;
        Assert.Equal("Guards! Guards! (Discworld 8)", guards.Title);
        Assert.Equal(("Discworld", 8.0), (guards.Metadata.Series, guards.Metadata.SeriesIndex));
        Assert.Equal(1, catalog.GetStatus().Sidecars["metadata"]);
    }

    [Fact]
    public async Task MetadataEditedInCalibreIsPickedUpByTheNextScanThoughNoBookFileChanged()
    {
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));
        await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);
        Assert.Equal(0, (await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound)).Cataloged);

        // calibre rewrites metadata.opf after an edit: the book is read again, the others are not.
        string opf = Path.Combine(_library, _folders[3], "metadata.opf");
        File.WriteAllText(opf, CalibreLibrary.Opf(CalibreLibrary.Books[2] with { Tags = ["Classics"] }));
        // A file's time comes from the kernel's coarse clock, which may lag the one the catalog
        // stamps its writes with by a tick: the edit is given a time of now, as a later edit has.
        File.SetLastWriteTimeUtc(opf, DateTime.UtcNow);
        LibraryScanReport edited = await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);
        Assert.Equal((1, 3), (edited.Cataloged, edited.Unchanged));
        Assert.Equal(["Classics"], catalog.FindByPath($"{_folders[3]}/Persuasion - Jane Austen.txt")!.Metadata.Tags);

        // An edit calibre has not backed up yet is in its database, with the time it was made.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_library, "metadata.db")};Pooling=False"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE books SET title = 'Persuasion (1817)', last_modified = $now WHERE id = 3";
            edit.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture));
            edit.ExecuteNonQuery();
        }

        LibraryScanReport again = await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);
        Assert.Equal(1, again.Cataloged);
        Assert.Equal("Persuasion (1817)", catalog.FindByPath($"{_folders[3]}/Persuasion - Jane Austen.txt")!.Title);
        Assert.Equal(0, (await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound)).Cataloged);

        // A cover stamped in the future (a wrong clock, an archive) is not a change at every scan until then;
        // rewritten now, it is one, once.
        string cover = Path.Combine(_library, _folders[1], "cover.jpg");
        File.SetLastWriteTimeUtc(cover, DateTime.UtcNow.AddDays(1));
        Assert.Equal(0, (await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound)).Cataloged);
        Assert.Equal(0, (await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound)).Cataloged);
        File.SetLastWriteTimeUtc(cover, DateTime.UtcNow);
        Assert.Equal(1, (await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound)).Cataloged);
        Assert.Equal(0, (await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound)).Cataloged);
    }

    [Fact]
    public async Task AFolderOfShelvesKeepsItsShelvesAndAnUnreadableOpfIsAWarningNotAFailure()
    {
        string shelves = Path.Combine(_folder.Path, "shelves");
        Directory.CreateDirectory(Path.Combine(shelves, "novels"));
        File.WriteAllText(Path.Combine(shelves, "novels", "emma.txt"), "Emma Woodhouse, handsome, clever, and rich.");
        File.WriteAllText(Path.Combine(shelves, "novels", "metadata.opf"), "<package><metadata>broken");
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "shelves.db"));

        LibraryScanReport report = await new LibraryScanner().ScanAsync(shelves, catalog).WaitAsync(Bound);

        Assert.Equal((1, 1), (report.Cataloged, report.Sidecars));
        Assert.Empty(catalog.Failures());
        CatalogBook emma = catalog.FindByPath("novels/emma.txt")!;
        Assert.Equal("novels", emma.Shelf);
        Assert.Contains("metadata.opf beside it cannot be read", emma.Warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataSurvivesTheCatalogBeingOpenedAgain()
    {
        string path = Path.Combine(_folder.Path, "catalog.db");
        using (SqliteCatalog catalog = SqliteCatalog.Open(path))
        {
            await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);
        }

        using SqliteCatalog reader = SqliteCatalog.OpenReader(path);
        CatalogBook omens = reader.FindByPath($"{_folders[1]}/Good Omens - Terry Pratchett.txt")!;
        Assert.Equal(["Terry Pratchett", "Neil Gaiman"], omens.Metadata.Authors);
        Assert.Equal("1990-05-01", omens.Metadata.Published);
        Assert.Equal("Gollancz", omens.Metadata.Publisher);
    }
}
