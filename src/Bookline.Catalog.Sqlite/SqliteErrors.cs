using Bookline.Library.Catalog;
using Microsoft.Data.Sqlite;

namespace Bookline.Catalog.Sqlite;

/// <summary>Turns SQLite's errors into the catalog's: an outage (<see cref="CatalogUnavailableException"/>) or a refusal (<see cref="CatalogException"/>).</summary>
internal static class SqliteErrors
{
    /// <summary>The catalog's exception for a SQLite error, naming the catalog file.</summary>
    public static CatalogException Translate(SqliteException exception, string location)
    {
        string cause = exception.Message;
        return exception.SqliteErrorCode switch
        {
            // SQLITE_BUSY, SQLITE_LOCKED: another connection holds the lock; SQLITE_IOERR: the disk did not answer.
            5 or 6 or 10 => new CatalogUnavailableException($"The catalog {location} is busy or cannot be written now: {cause}", exception) { IsWorthWaiting = true },
            // SQLITE_FULL: waiting a few seconds will not free the disk.
            13 => new CatalogUnavailableException($"The disk of the catalog {location} is full: {cause}", exception),
            // SQLITE_CORRUPT, SQLITE_NOTADB
            11 or 26 => new CatalogException($"'{location}' is not a Bookline catalog (a SQLite file): {cause}", exception),
            // SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM
            14 or 8 or 3 => new CatalogException($"Cannot open the catalog {location} to write: {cause}", exception),
            _ => new CatalogException($"The catalog {location} refused it: {cause}", exception),
        };
    }
}
