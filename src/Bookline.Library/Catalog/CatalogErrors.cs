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
}
