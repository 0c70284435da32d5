using System.Net.Sockets;
using Bookline.Library.Catalog;
using Npgsql;

namespace Bookline.Catalog.PostgreSql;

/// <summary>Turns the driver's errors into the catalog's: an outage (<see cref="CatalogUnavailableException"/>) or a refusal (<see cref="CatalogException"/>).</summary>
internal static class PostgresErrors
{
    /// <summary>The catalog's exception for a driver or network error, naming the catalog; null for an error that is not the database's (a bug, a cancellation).</summary>
    public static CatalogException? Translate(Exception exception, string location) => exception switch
    {
        CatalogException => null,
        // disk_full: waiting a few seconds will not free the disk.
        PostgresException { SqlState: "53100" } full => new CatalogUnavailableException($"The disk of the catalog at {location} is full: {full.MessageText}", full),
        PostgresException postgres when postgres.IsTransient
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // the server shut down, crashed, or is starting
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) => // out of memory or connections
            new CatalogUnavailableException($"The catalog at {location} is unavailable: {postgres.MessageText}", postgres) { IsWorthWaiting = true },
        PostgresException postgres => new CatalogException($"The catalog at {location} refused it: {postgres.MessageText} ({postgres.SqlState})", postgres),
        // Not an answer from the server at all: it is down, restarting or cut off.
        NpgsqlException or SocketException or TimeoutException or IOException =>
            new CatalogUnavailableException($"The catalog at {location} is unavailable: {exception.Message}", exception) { IsWorthWaiting = true },
        _ => null,
    };
}
