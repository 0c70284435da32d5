namespace Bookline.Library.Catalog;

/// <summary>What a catalog's failures mean to a caller that writes; the stores have already turned their drivers' errors into <see cref="CatalogException"/>s.</summary>
internal static class CatalogErrors
{
    /// <summary>True for an outage worth waiting for: the catalog may answer again in seconds (it is busy, restarting, cut off).</summary>
    public static bool IsWorthWaiting(Exception exception) => exception switch
    {
        CatalogUnavailableException unavailable => unavailable.IsWorthWaiting,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// True when the catalog itself is unavailable, whatever is written: its server is down or restarting,
    /// the connection was cut, its disk is full. Never a book's fault, so never recorded as one.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception is CatalogUnavailableException or TimeoutException;
}
