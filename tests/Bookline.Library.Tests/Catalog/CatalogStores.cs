using Bookline.Library.Catalog;
using Npgsql;

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

    public static string? Server => Environment.GetEnvironmentVariable("BOOKLINE_TEST_POSTGRES") is { Length: > 0 } url ? url : null;

    public static TheoryData<string> Kinds
    {
        get
        {
            var kinds = new TheoryData<string> { "sqlite" };
            if (Server is not null || Environment.GetEnvironmentVariable("BOOKLINE_TEST_REQUIRE_SERVERS") == "1")
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

        string server = Server ?? throw new InvalidOperationException("BOOKLINE_TEST_POSTGRES is not set: the test PostgreSQL server did not start.");
        string database = "bookline_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(server).ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }

        _databases.Add(database);
        return new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
    }

    public ICatalog OpenNew(string kind) => CatalogLocation.Open(NewLocation(kind));

    public void Dispose()
    {
        if (_databases.Count > 0 && Server is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(PostgresCatalog.ToConnectionString(server).ConnectionString);
            connection.Open();
            foreach (string database in _databases)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }

        _folder.Dispose();
    }
}
