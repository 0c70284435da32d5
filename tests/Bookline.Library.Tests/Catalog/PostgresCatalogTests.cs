using Bookline.Library.Catalog;
using Bookline.Tests.Shared;
using Npgsql;

namespace Bookline.Library.Tests.Catalog;

/// <summary>What only the PostgreSQL store does: its schema upgrades.</summary>
public sealed class PostgresCatalogTests : IDisposable
{
    private readonly List<string> _databases = [];

    public void Dispose() => TestServers.DropDatabases(_databases);

    [PostgresFact]
    public void ACatalogOfTheFirstSchemaGetsPassagesWhenOpened()
    {
        string location = TestServers.NewDatabase();
        _databases.Add(location);
        string text = string.Concat(Enumerable.Repeat("calm grey water all around. ", 20_000)) + "a narwhal surfaced";
        using (ICatalog catalog = CatalogLocation.Open(location))
        {
            catalog.Write([(new CatalogBook("sea", "sea/deep.txt", "txt", "Deep", null, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null), text)]);
        }

        // Back to the first schema: no passages table, version 1.
        using (var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(location).ToString()))
        {
            connection.Open();
            using var downgrade = new NpgsqlCommand("DROP TABLE passages; DROP TABLE sidecars; DROP TABLE files; ALTER TABLE books DROP COLUMN metadata, DROP COLUMN cover, DROP COLUMN key; ALTER TABLE books ADD CONSTRAINT books_path_key UNIQUE (path); DELETE FROM bookline_schema WHERE version > 1", connection);
            downgrade.ExecuteNonQuery();
        }

        using var upgraded = PostgresCatalog.Open(location);

        Assert.Equal(PostgresCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        Assert.Contains("narwhal", Assert.Single(upgraded.Search("narwhal")).MatchedWords());
    }

    [PostgresFact]
    public void UpgradingToSchemaThreeCleansForgedMarksOutOfTextWrittenBefore()
    {
        string location = TestServers.NewDatabase();
        _databases.Add(location);
        using (ICatalog catalog = CatalogLocation.Open(location))
        {
            catalog.Write([(new CatalogBook("lab", "lab/g.txt", "txt", "Gauge", null, "en", null, 9, 40, "00", DateTimeOffset.UnixEpoch, null, null), "the pressure fell by 10 mbar in an hour")]);
        }

        // What an older Bookline stored for a PDF that holds U+0002 and U+0003, back at schema 2.
        using (var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(location).ToString()))
        {
            connection.Open();
            using var forge = new NpgsqlCommand("UPDATE passages SET body = replace(body, ' 10 ', E' \\x0210\\x03 '); DROP TABLE sidecars; DROP TABLE files; ALTER TABLE books DROP COLUMN metadata, DROP COLUMN cover, DROP COLUMN key; ALTER TABLE books ADD CONSTRAINT books_path_key UNIQUE (path); DELETE FROM bookline_schema WHERE version > 2", connection);
            forge.ExecuteNonQuery();
        }

        using var upgraded = PostgresCatalog.Open(location);

        Assert.Equal(PostgresCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        SearchHit hit = Assert.Single(upgraded.Search("mbar"));
        Assert.Equal(["mbar"], hit.MatchedWords());
        Assert.Contains("10", hit.Snippet, StringComparison.Ordinal);
    }
}
