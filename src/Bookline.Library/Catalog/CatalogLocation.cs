namespace Bookline.Library.Catalog;

/// <summary>What kind of catalog an address names: a postgres:// URL, or the path of a SQLite file.</summary>
public static class CatalogLocation
{
    /// <summary>True when the address names a PostgreSQL database rather than a file.</summary>
    /// <param name="location">A path or a URL.</param>
    /// <returns>True for postgres:// and postgresql:// URLs.</returns>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>An address fit to print: a postgres:// URL without its user and password (and its options); a path as it is.</summary>
    /// <param name="location">A path or a URL.</param>
    /// <returns>The address without credentials.</returns>
    public static string Describe(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!IsPostgres(location))
        {
            return location;
        }

        return Uri.TryCreate(location, UriKind.Absolute, out Uri? uri) && !string.IsNullOrEmpty(uri.Host)
            ? $"postgres://{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port)}{uri.AbsolutePath}"
            : "the given PostgreSQL address";
    }
}
