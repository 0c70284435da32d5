namespace Bookline.Library.Catalog;

/// <summary>Opens a catalog by its address: a postgres:// URL, or the path of a SQLite file.</summary>
public static class CatalogLocation
{
    /// <summary>True when the address names a PostgreSQL database rather than a file.</summary>
    /// <param name="location">A path or a URL.</param>
    /// <returns>True for postgres:// and postgresql:// URLs.</returns>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens (creating or upgrading) the catalog at an address.</summary>
    /// <param name="location">postgres://user:password@host:port/database, or a file path such as ./bookline.db.</param>
    /// <returns>The open catalog.</returns>
    public static ICatalog Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return IsPostgres(location) ? PostgresCatalog.Open(location) : SqliteCatalog.Open(location);
    }
}
