using Bookline.Library.Catalog;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Catalog;

/// <summary>
/// Fresh, empty catalogs of each kind: a SQLite file in a temp folder, and a new database on the
/// PostgreSQL server scripts/test.sh starts (BOOKLINE_TEST_POSTGRES). Without that server the
/// PostgreSQL cases are left out, unless BOOKLINE_TEST_REQUIRE_SERVERS says the run must have it.
/// </summary>
public sealed class CatalogStores : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _databases = [];

    public static TheoryData<string> Kinds
    {
        get
        {
            var kinds = new TheoryData<string> { "sqlite" };
            if (TestServers.Postgres is not null || TestServers.Required)
            {
                kinds.Add("postgres");
            }

            return kinds;
        }
    }

    /// <summary>The address of a new, empty catalog of that kind; opening it twice opens the same catalog.</summary>
    public string NewLocation(string kind)
    {
        if (kind == "sqlite")
        {
            return Path.Combine(_folder.Path, $"catalog-{Guid.NewGuid():N}.db");
        }

        string database = TestServers.NewDatabase();
        _databases.Add(database);
        return database;
    }

    public ICatalog OpenNew(string kind) => CatalogReads.Open(NewLocation(kind));

    public void Dispose()
    {
        TestServers.DropDatabases(_databases);
        _folder.Dispose();
    }
}
