using Bookline.Catalog.PostgreSql;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;

namespace Bookline.Tests.Shared;

/// <summary>
/// Opening a catalog by address, and blocking reads of one, for tests that drive a scan or a process and
/// then look at what it wrote. The stores' contract itself is tested through the asynchronous calls.
/// </summary>
internal static class CatalogReads
{
    public static ICatalog Open(string location) => CatalogLocation.IsPostgres(location)
        ? PostgresCatalog.OpenAsync(location).GetAwaiter().GetResult()
        : SqliteCatalog.Open(location);

    public static IReadOnlyList<CatalogBook> Books(this ICatalogReader catalog) => catalog.BooksAsync().GetAwaiter().GetResult();

    public static IReadOnlyList<CatalogFailure> Failures(this ICatalogReader catalog) => catalog.FailuresAsync().GetAwaiter().GetResult();

    public static IReadOnlyList<CatalogSkip> Skipped(this ICatalogReader catalog) => catalog.SkippedAsync().GetAwaiter().GetResult();

    public static CatalogStatus GetStatus(this ICatalogReader catalog) => catalog.GetStatusAsync().GetAwaiter().GetResult();

    public static IReadOnlyList<SearchHit> Search(this ICatalogReader catalog, string query, SearchFilter? filter = null, int limit = 20) =>
        catalog.SearchAsync(query, filter, limit).GetAwaiter().GetResult();

    public static CatalogBook? Find(this ICatalogReader catalog, long id) => catalog.FindAsync(id).GetAwaiter().GetResult();

    public static CatalogBook? FindByPath(this ICatalogReader catalog, string path) => catalog.FindByPathAsync(path).GetAwaiter().GetResult();

    public static IReadOnlyDictionary<string, KnownFile> KnownFiles(this IScanLedger catalog) => catalog.KnownFilesAsync().GetAwaiter().GetResult();
}
