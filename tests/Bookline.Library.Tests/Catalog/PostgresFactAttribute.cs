using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Catalog;

/// <summary>A test that needs the PostgreSQL server scripts/test.sh starts; skipped without it unless the run requires servers.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestServers.Postgres is null && !TestServers.Required
        ? "No PostgreSQL server: run scripts/test.sh, which starts one (or set BOOKLINE_TEST_POSTGRES)."
        : null;
}
