using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Bookline.Library.Tests.Catalog;

/// <summary>What only the SQLite store does: its schema upgrades, its readers, and its snippets from passages.</summary>
public sealed class SqliteCatalogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bookline-sqlite-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AVersionOneCatalogIsUpgradedWithItsBooksSearchableAndQuoted()
    {
        string path = Path.Combine(_directory, "v1.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            // The version 1 schema as it shipped, with one book in it.
            command.CommandText = """
                CREATE TABLE books (id INTEGER PRIMARY KEY, shelf TEXT NOT NULL, path TEXT NOT NULL UNIQUE, format TEXT NOT NULL, title TEXT NOT NULL,
                    author TEXT, language TEXT, pages INTEGER, words INTEGER NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, modified_utc TEXT NOT NULL,
                    encoding TEXT, warnings TEXT, status TEXT NOT NULL DEFAULT 'present', cataloged_utc TEXT NOT NULL, updated_utc TEXT NOT NULL);
                CREATE INDEX books_shelf ON books(shelf);
                CREATE VIRTUAL TABLE books_fts USING fts5(title, author, body, tokenize = 'porter unicode61 remove_diacritics 2');
                CREATE TABLE failures (path TEXT PRIMARY KEY, shelf TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL, failed_utc TEXT NOT NULL);
                INSERT INTO books VALUES (7, 'sea', 'sea/whale.txt', 'txt', 'The Whale', 'Melville', 'en', NULL, 4, 30, 'ab', '2026-01-01T00:00:00.0000000+00:00', NULL, NULL, 'present', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00');
                INSERT INTO books_fts (rowid, title, author, body) VALUES (7, 'The Whale', 'Melville', 'Call me Ishmael, said the sailor');
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        using SqliteCatalog catalog = SqliteCatalog.Open(path);

        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, catalog.SchemaVersion);
        SearchHit hit = Assert.Single((await catalog.SearchAsync("ishmael")));
        Assert.Equal((7L, "The Whale"), (hit.Id, hit.Title));
        Assert.Contains("Ishmael", hit.MatchedWords());
        Assert.Single((await catalog.SearchAsync("melville")));
    }

    [Fact]
    public async Task UpgradingToSchemaThreeCleansForgedMarksOutOfTextWrittenBefore()
    {
        string path = Path.Combine(_directory, "v2.db");
        using (SqliteCatalog catalog = SqliteCatalog.Open(path))
        {
            await catalog.WriteAsync(Indexed([(Book("g.txt", "Gauge"), "the pressure fell by 10 mbar in an hour")]));
        }

        // What an older Bookline stored for a PDF that holds U+0002 and U+0003, back at schema 2.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = SchemaThree + "UPDATE passages SET body = replace(body, ' 10 ', ' ' || char(2) || '10' || char(3) || ' '); "
                + "PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }

        using SqliteCatalog upgraded = SqliteCatalog.Open(path);

        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        SearchHit hit = Assert.Single((await upgraded.SearchAsync("mbar")));
        Assert.Equal(["mbar"], hit.MatchedWords());
        Assert.Contains(" 10 ", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACatalogOfSchemaThreeGetsMetadataWhenOpenedAndItsBooksKeepTheirs()
    {
        string path = Path.Combine(_directory, "v3.db");
        using (SqliteCatalog catalog = SqliteCatalog.Open(path))
        {
            await catalog.WriteAsync(Indexed([(Book("w.txt", "The Whale") with { Author = "Herman Melville" }, "call me Ishmael")]));
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = SchemaThree + "PRAGMA user_version = 3;";
            command.ExecuteNonQuery();
        }

        using SqliteCatalog upgraded = SqliteCatalog.Open(path);

        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        CatalogBook whale = (await upgraded.FindByPathAsync("w.txt"))!;
        Assert.Equal("The Whale", whale.Metadata.Title);
        Assert.Equal(["Herman Melville"], whale.Metadata.Authors);
        Assert.Null(whale.Cover);
        await upgraded.WriteAsync(Indexed([(Book("w.txt", "The Whale") with { Metadata = new() { Authors = ["Herman Melville"], Series = "Sea Tales" } }, "call me Ishmael")]));
        Assert.Equal("Sea Tales", (await upgraded.FindByPathAsync("w.txt"))!.Metadata.Series);
    }

    [Fact]
    public async Task ACatalogOfSchemaFourGetsABookForEachFileWhenOpened()
    {
        string path = Path.Combine(_directory, "v4.db");
        using (SqliteCatalog catalog = SqliteCatalog.Open(path))
        {
            await catalog.WriteAsync(Indexed([(Book("n/emma.epub", "Emma"), "Emma Woodhouse"), (Book("n/emma.txt", "Emma"), "Emma Woodhouse")]));
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = SchemaFour + "PRAGMA user_version = 4;";
            command.ExecuteNonQuery();
        }

        using SqliteCatalog upgraded = SqliteCatalog.Open(path);

        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        Assert.Equal((2L, 2L), ((await upgraded.GetStatusAsync()).Books, (await upgraded.GetStatusAsync()).Files));
        CatalogBook epub = (await upgraded.FindByPathAsync("n/emma.epub"))!;
        Assert.Equal(("n/emma.epub", "n/emma.epub"), (epub.BookKey, Assert.Single(epub.Files).Path));
        Assert.Equal("n/emma.txt", (await upgraded.KnownFilesAsync())["n/emma.txt"].BookKey);
        Assert.Equal(2, (await upgraded.SearchAsync("woodhouse")).Count);
    }

    [Fact]
    public async Task ACatalogOfSchemaSixHasItsSkippedFailuresTurnedIntoSkipsWhenOpened()
    {
        string path = Path.Combine(_directory, "v6.db");
        using (SqliteCatalog catalog = SqliteCatalog.Open(path))
        {
            await catalog.WriteAsync(Indexed([(Book("n/emma.epub", "Emma"), "Emma Woodhouse")]));
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = SchemaSix + """
                INSERT INTO failures VALUES ('n/photo.jpg', 'n', 'skipped', 'not a book format Bookline reads (.jpg)', 1, '2026-01-02T03:04:05.0000000+00:00');
                INSERT INTO failures VALUES ('n/torn.pdf', 'n', 'scan', 'not a readable PDF', 1, '2026-01-02T03:04:05.0000000+00:00');
                PRAGMA user_version = 6;
                """;
            command.ExecuteNonQuery();
        }

        using SqliteCatalog upgraded = SqliteCatalog.Open(path);

        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        CatalogSkip skip = Assert.Single(await upgraded.SkippedAsync());
        Assert.Equal(("n/photo.jpg", "n", "not a book format Bookline reads (.jpg)"), (skip.Path, skip.Shelf, skip.Reason));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), skip.SkippedUtc);
        Assert.Equal("n/torn.pdf", Assert.Single(await upgraded.FailuresAsync()).Path);
        CatalogStatus status = await upgraded.GetStatusAsync();
        Assert.Equal((1L, 1L, 1L), (status.Books, status.Failures, status.Skipped));
    }

    /// <summary>Takes a catalog back to schema 3: without the metadata and cover columns version 4 added.</summary>
    private const string SchemaThree = SchemaFour + "ALTER TABLE books DROP COLUMN metadata; ALTER TABLE books DROP COLUMN cover; ";

    /// <summary>Takes a catalog back to schema 6: no table of skipped files.</summary>
    private const string SchemaSix = SchemaSeven + "DROP TABLE skipped; ";

    /// <summary>Takes a catalog back to schema 7: the stemmed indexes, the passages' text in their index, no vocabulary (and no accounts, of 9).</summary>
    private const string SchemaSeven = """
        DROP TABLE accounts;
        CREATE VIRTUAL TABLE passages USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2');
        INSERT INTO passages (rowid, body) SELECT id, body FROM passage_text;
        DROP TABLE passage_text; DROP TABLE passage_index; DROP TABLE fields_index; DROP TABLE vocabulary; DROP TABLE books_index;
        CREATE VIRTUAL TABLE books_index USING fts5(title, author, body, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2');
        INSERT INTO books_index (rowid, title, author, body)
            SELECT b.id, b.title, b.author, (SELECT group_concat(body, '') FROM passages WHERE rowid BETWEEN b.id << 21 AND (b.id << 21) + 2097151) FROM books b;
        """;

    /// <summary>Takes a catalog back to schema 4: no sidecars or files tables, the book's key gone (its path, unique again).</summary>
    private const string SchemaFour = SchemaSix + "DROP TABLE sidecars; DROP TABLE files; ALTER TABLE books RENAME TO books_v5; "
        + "CREATE TABLE books AS SELECT id, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, cataloged_utc, updated_utc, metadata, cover FROM books_v5; "
        + "DROP TABLE books_v5; CREATE UNIQUE INDEX books_path ON books(path); ";

    [Fact]
    public async Task AReaderSearchesWhileAWriterHoldsAnOpenTransactionAndCannotWrite()
    {
        string path = Path.Combine(_directory, "shared.db");
        using SqliteCatalog writer = SqliteCatalog.Open(path);
        await writer.WriteAsync(Indexed([(Book("a.txt", "Alpha"), "the first whale")]));
        using SqliteCatalog reader = SqliteCatalog.OpenReader(path);
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using SqliteTransaction transaction = other.BeginTransaction();
            using SqliteCommand hold = other.CreateCommand();
            hold.Transaction = transaction;
            hold.CommandText = "UPDATE books SET title = 'Held' WHERE path = 'a.txt'";
            hold.ExecuteNonQuery();

            // WAL: readers see the last committed state while the write lock is held, the writer's own reads included.
            Assert.Equal("Alpha", Assert.Single((await reader.SearchAsync("whale"))).Title);
            Assert.Equal("Alpha", Assert.Single((await writer.SearchAsync("whale"))).Title);
        }

        var refused = await Assert.ThrowsAsync<CatalogException>(() => reader.WriteAsync(Indexed([(Book("b.txt", "Beta"), "x")])));
        Assert.Contains("read only", refused.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<FileNotFoundException>(() => SqliteCatalog.OpenReader(Path.Combine(_directory, "none.db")));
        Assert.Contains("none.db", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATitleOnlyMatchOrAFieldFindsTheBookAndQuotesItsTitle()
    {
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_directory, "titles.db"));
        await catalog.WriteAsync(Indexed([(Book("a.txt", "Leviathan"), "nothing of the kind in here"), (Book("b.txt", "Other"), "a leviathan rose")]));

        SearchHit byTitle = Assert.Single((await catalog.SearchAsync("title:leviathan")));
        Assert.Equal(("Leviathan", "Leviathan"), (byTitle.Title, byTitle.Snippet));
        IReadOnlyList<SearchHit> both = (await catalog.SearchAsync("leviathan"));
        Assert.Equal(["Leviathan", "Other"], both.Select(h => h.Title));
        Assert.Equal(["Leviathan"], both[0].MatchedWords());
        Assert.Equal(["leviathan"], both[1].MatchedWords());
    }

    [Fact]
    public async Task OptimizeMergesTheIndexIntoFewerSegmentsAndSearchFindsTheSame()
    {
        string path = Path.Combine(_directory, "merged.db");
        using SqliteCatalog catalog = SqliteCatalog.Open(path);
        for (int batch = 0; batch < 12; batch++)
        {
            await catalog.WriteAsync(Indexed([.. Enumerable.Range(0, 5).Select(i => (Book($"{batch}/{i}.txt", $"Book {batch}.{i}"), $"whale number {batch} {i} " + new string('x', i)))]));
        }

        string[] before = [.. (await catalog.SearchAsync("whale", limit: 100)).Select(h => h.Path + h.Snippet)];
        long segmentsBefore = Segments(path);

        await catalog.OptimizeAsync();

        Assert.True(Segments(path) < segmentsBefore, $"{Segments(path)} segments after optimizing, {segmentsBefore} before");
        Assert.Equal(60, before.Length);
        Assert.Equal(before, (await catalog.SearchAsync("whale", limit: 100)).Select(h => h.Path + h.Snippet));
    }

    /// <summary>The passages index's segments: one row per segment and level in its %_idx table.</summary>
    private static long Segments(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT segid) FROM passage_index_idx";
        return (long)command.ExecuteScalar()!;
    }

    private static CatalogBook Book(string path, string title) =>
        new("shelf", path, "txt", title, null, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null);

    private static BookToIndex[] Indexed(IReadOnlyList<(CatalogBook Book, string Text)> books) => [.. books.Select(b => new BookToIndex(b.Book, b.Text))];
}
