namespace Bookline.Library.Catalog;

/// <summary>
/// The catalog cannot be written or read now (its server is down or restarting, the connection was
/// cut, a lock is held, its disk is full): not a book's fault. A scan stopped by it has lost nothing;
/// the same scan run again once the catalog is back carries on from where it stopped.
/// </summary>
public sealed class CatalogUnavailableException : CatalogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CatalogUnavailableException()
        : base("The catalog is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the catalog.</param>
    public CatalogUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own error.</summary>
    /// <param name="message">What is wrong with the catalog.</param>
    /// <param name="innerException">The store's error.</param>
    public CatalogUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when the catalog may answer again within seconds (a lock, a restart, a dropped connection),
    /// so that trying again is worth it; false when waiting will not cure it (a full disk), or when a
    /// caller has already waited as long as it would. Default: false.
    /// </summary>
    public bool IsWorthWaiting { get; init; }
}
