using Bookline.Catalog.PostgreSql;
using Bookline.Library.Catalog;
using Bookline.Tests.Shared;
using Npgsql;

namespace Bookline.Library.Tests.Catalog;

/// <summary>What only the PostgreSQL store does: its schema upgrades.</summary>
public sealed class PostgresCatalogTests : IDisposable
{
    /// <summary>Takes a catalog back to schema 7: the stemmed whole-book vector, the passages' generated vectors, no vocabulary (and no accounts, of 9).</summary>
    private const string SchemaSeven = """
        DROP TABLE accounts;
        DROP TABLE vocabulary;
        ALTER TABLE books DROP COLUMN word_tsv, DROP COLUMN title_tsv, DROP COLUMN author_tsv, DROP COLUMN series_tsv, DROP COLUMN tag_tsv, DROP COLUMN file_tsv;
        ALTER TABLE books ADD COLUMN tsv tsvector;
        UPDATE books SET tsv = bookline_tsv(title, author, body);
        ALTER TABLE passages DROP COLUMN tsv;
        ALTER TABLE passages ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('bookline_english'::regconfig, body)) STORED;
        DELETE FROM bookline_schema WHERE version > 7;
        """;

    private readonly List<string> _databases = [];

    public void Dispose() => TestServers.DropDatabases(_databases);

    [PostgresFact]
    public async Task ACatalogOfSchemaSixHasItsSkippedFailuresTurnedIntoSkipsWhenOpened()
    {
        string location = TestServers.NewDatabase();
        _databases.Add(location);
        using (ICatalog catalog = CatalogReads.Open(location))
        {
            await catalog.WriteAsync(Indexed([(new CatalogBook("n", "n/emma.txt", "txt", "Emma", null, "en", null, 2, 10, "00", DateTimeOffset.UnixEpoch, null, null), "Emma Woodhouse")]));
        }

        using (var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(location).ToString()))
        {
            connection.Open();
            using var downgrade = new NpgsqlCommand(SchemaSeven + """
                DROP TABLE skipped;
                INSERT INTO failures VALUES ('n/photo.jpg', 'n', 'skipped', 'not a book format Bookline reads (.jpg)', 1, '2026-01-02T03:04:05Z');
                INSERT INTO failures VALUES ('n/torn.pdf', 'n', 'scan', 'not a readable PDF', 1, '2026-01-02T03:04:05Z');
                DELETE FROM bookline_schema WHERE version > 6;
                """, connection);
            downgrade.ExecuteNonQuery();
        }

        using PostgresCatalog upgraded = await PostgresCatalog.OpenAsync(location);

        Assert.Equal(PostgresCatalog.CurrentSchemaVersion, await upgraded.GetSchemaVersionAsync());
        CatalogSkip skip = Assert.Single(await upgraded.SkippedAsync());
        Assert.Equal(("n/photo.jpg", "n", "not a book format Bookline reads (.jpg)"), (skip.Path, skip.Shelf, skip.Reason));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), skip.SkippedUtc);
        Assert.Equal("n/torn.pdf", Assert.Single(await upgraded.FailuresAsync()).Path);
        CatalogStatus status = await upgraded.GetStatusAsync();
        Assert.Equal((1L, 1L, 1L), (status.Books, status.Failures, status.Skipped));
    }

    [PostgresFact]
    public async Task ACatalogOfTheFirstSchemaGetsPassagesWhenOpened()
    {
        string location = TestServers.NewDatabase();
        _databases.Add(location);
        string text = string.Concat(Enumerable.Repeat("calm grey water all around. ", 20_000)) + "a narwhal surfaced";
        using (ICatalog catalog = CatalogReads.Open(location))
        {
            await catalog.WriteAsync(Indexed([(new CatalogBook("sea", "sea/deep.txt", "txt", "Deep", null, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null), text)]));
        }

        // Back to the first schema: no passages table, version 1.
        using (var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(location).ToString()))
        {
            connection.Open();
            using var downgrade = new NpgsqlCommand(SchemaSeven + "DROP TABLE skipped; DROP TABLE passages; DROP TABLE sidecars; DROP TABLE files; ALTER TABLE books DROP COLUMN metadata, DROP COLUMN cover, DROP COLUMN key; ALTER TABLE books ADD CONSTRAINT books_path_key UNIQUE (path); DELETE FROM bookline_schema WHERE version > 1", connection);
            downgrade.ExecuteNonQuery();
        }

        using PostgresCatalog upgraded = await PostgresCatalog.OpenAsync(location);

        Assert.Equal(PostgresCatalog.CurrentSchemaVersion, await upgraded.GetSchemaVersionAsync());
        Assert.Contains("narwhal", Assert.Single((await upgraded.SearchAsync("narwhal"))).MatchedWords());
    }

    [PostgresFact]
    public async Task UpgradingToSchemaThreeCleansForgedMarksOutOfTextWrittenBefore()
    {
        string location = TestServers.NewDatabase();
        _databases.Add(location);
        using (ICatalog catalog = CatalogReads.Open(location))
        {
            await catalog.WriteAsync(Indexed([(new CatalogBook("lab", "lab/g.txt", "txt", "Gauge", null, "en", null, 9, 40, "00", DateTimeOffset.UnixEpoch, null, null), "the pressure fell by 10 mbar in an hour")]));
        }

        // What an older Bookline stored for a PDF that holds U+0002 and U+0003, back at schema 2.
        using (var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(location).ToString()))
        {
            connection.Open();
            using var forge = new NpgsqlCommand(SchemaSeven + "UPDATE passages SET body = replace(body, ' 10 ', E' \\x0210\\x03 '); DROP TABLE skipped; DROP TABLE sidecars; DROP TABLE files; ALTER TABLE books DROP COLUMN metadata, DROP COLUMN cover, DROP COLUMN key; ALTER TABLE books ADD CONSTRAINT books_path_key UNIQUE (path); DELETE FROM bookline_schema WHERE version > 2", connection);
            forge.ExecuteNonQuery();
        }

        using PostgresCatalog upgraded = await PostgresCatalog.OpenAsync(location);

        Assert.Equal(PostgresCatalog.CurrentSchemaVersion, await upgraded.GetSchemaVersionAsync());
        SearchHit hit = Assert.Single((await upgraded.SearchAsync("mbar")));
        Assert.Equal(["mbar"], hit.MatchedWords());
        Assert.Contains("10", hit.Snippet, StringComparison.Ordinal);
    }

    private static BookToIndex[] Indexed(IReadOnlyList<(CatalogBook Book, string Text)> books) => [.. books.Select(b => new BookToIndex(b.Book, b.Text))];
}
