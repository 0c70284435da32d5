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
            using var downgrade = new NpgsqlCommand("DROP TABLE passages; DELETE FROM bookline_schema WHERE version > 1", connection);
            downgrade.ExecuteNonQuery();
        }

        using var upgraded = PostgresCatalog.Open(location);

        Assert.Equal(PostgresCatalog.CurrentSchemaVersion, upgraded.SchemaVersion);
        Assert.Contains(SearchHit.HighlightStart + "narwhal" + SearchHit.HighlightEnd, Assert.Single(upgraded.Search("narwhal")).Snippet, StringComparison.Ordinal);
    }
}
