using Bookline.Catalog.PostgreSql;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;

namespace Bookline.Library.Tests.Search;

/// <summary>Settings of the search that each store has on its own type.</summary>
internal static class CatalogSearchStores
{
    public static void KeepNone(ICatalogReader catalog)
    {
        switch (catalog)
        {
            case SqliteCatalog sqlite:
                sqlite.SearchCacheSize = 0;
                break;
            case PostgresCatalog postgres:
                postgres.SearchCacheSize = 0;
                break;
            default:
                throw new ArgumentException($"No search cache setting for {catalog.GetType().Name}.", nameof(catalog));
        }
    }
}
