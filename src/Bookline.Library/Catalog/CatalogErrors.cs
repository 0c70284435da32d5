using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bookline.Library.Catalog;

/// <summary>What the catalog stores' failures mean to a caller that writes.</summary>
internal static class CatalogErrors
{
    /// <summary>True for a failure that waiting may cure (a lock, a timeout, a dropped connection), false for a write the store refuses for good.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or IOException => true,
        _ => false,
    };

    /// <summary>True when the catalog's disk is full: an outage that waiting a few seconds will not cure.</summary>
    public static bool IsDiskFull(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 13, // SQLITE_FULL
        PostgresException postgres => postgres.SqlState == "53100", // disk_full
        _ => false,
    };

    /// <summary>True for an outage worth waiting for: the catalog may answer again in seconds (it is busy, restarting, cut off).</summary>
    public static bool IsWorthWaiting(Exception exception) => IsOutage(exception) && !IsDiskFull(exception);

    /// <summary>
    /// True when the catalog itself is unavailable, whatever is written: its server is down or restarting,
    /// the connection was cut, its disk is full. Never a book's fault, so never recorded as one.
    /// </summary>
    public static bool IsOutage(Exception exception) => IsTransient(exception) || exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 10 or 13, // SQLITE_IOERR, SQLITE_FULL
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // the server shut down, crashed, or is starting
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal), // out of disk, memory or connections
        NpgsqlException => true, // no answer from the server at all
        CatalogUnavailableException => true,
        _ => false,
    };
}
