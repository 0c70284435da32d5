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

    /// <summary>
    /// Opens the catalog at an address, waiting through an outage (a database server that restarts or
    /// does not answer yet) for up to <paramref name="patience"/>. A catalog that refuses for good (wrong
    /// password, no such database, a file that is not a catalog) fails at once.
    /// </summary>
    /// <param name="location">As for <see cref="Open"/>.</param>
    /// <param name="patience">How long to keep trying.</param>
    /// <param name="onWaiting">Told of the outage once, when the waiting starts.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The open catalog.</returns>
    /// <exception cref="CatalogUnavailableException">The catalog was still unavailable after <paramref name="patience"/>.</exception>
    public static async Task<ICatalog> OpenAsync(string location, TimeSpan patience, Action<Exception>? onWaiting = null, CancellationToken cancellationToken = default)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        TimeSpan delay = TimeSpan.FromMilliseconds(250);
        bool told = false;
        while (true)
        {
            try
            {
                return Open(location);
            }
            catch (Exception exception) when (CatalogErrors.IsOutage(exception))
            {
                if (System.Diagnostics.Stopwatch.GetElapsedTime(started) + delay > patience)
                {
                    throw new CatalogUnavailableException($"The catalog is unavailable: {exception.Message}", exception);
                }

                if (!told)
                {
                    told = true;
                    onWaiting?.Invoke(exception);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
