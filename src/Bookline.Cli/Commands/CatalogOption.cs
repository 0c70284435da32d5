using System.CommandLine;
using System.Net.Sockets;
using Bookline.Library.Catalog;
using Npgsql;

namespace Bookline.Cli.Commands;

/// <summary>The --catalog option every catalog command shares, and opening the catalog it names.</summary>
internal static class CatalogOption
{
    public const string DefaultPath = "bookline.db";

    public static Option<string> Create() => new("--catalog")
    {
        Description = "The catalog: a SQLite file, or postgres://user:password@host:port/database (a missing password is read from PGPASSWORD).",
        DefaultValueFactory = _ => DefaultPath,
    };

    /// <summary>Opens an existing catalog, or explains how to make one.</summary>
    public static ICatalog OpenExisting(string location) =>
        CatalogLocation.IsPostgres(location) || File.Exists(location)
            ? Open(location)
            : throw new UserException($"There is no catalog at '{location}'. Run 'bookline scan <library>' first, or give --catalog.");

    /// <summary>Opens (creating or upgrading) a catalog; an unreachable or refused database is the user's to fix, not a crash.</summary>
    public static ICatalog Open(string location)
    {
        try
        {
            return CatalogLocation.Open(location);
        }
        catch (ArgumentException exception)
        {
            throw new UserException(exception.Message, exception) { ExitCode = ExitCodes.Usage };
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            string where = CatalogLocation.IsPostgres(location) ? Describe(location) : location;
            throw new UserException($"Cannot open the catalog at {where}: {exception.Message}", exception);
        }
    }

    /// <summary>How long a command that writes (scan, worker) waits for a catalog or a broker that does not answer when it starts.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Opens a catalog to write, waiting through an outage (a database server restarting) for up to
    /// <see cref="Patience"/> and saying so once on <paramref name="output"/>; what is wrong for good fails at once.
    /// </summary>
    public static async Task<ICatalog> OpenWaitingAsync(string location, TextWriter output, CancellationToken stop)
    {
        string where = CatalogLocation.IsPostgres(location) ? Describe(location) : location;
        try
        {
            return await CatalogLocation.OpenAsync(location, Patience,
                exception => output.WriteLine($"The catalog at {where} is unavailable ({exception.Message.TrimEnd('.')}); trying again for up to {Patience.TotalSeconds:0} s."),
                stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw new UserException($"Stopped while waiting for the catalog at {where}.") { ExitCode = ExitCodes.Interrupted };
        }
        catch (CatalogUnavailableException exception)
        {
            throw new UserException($"Cannot open the catalog at {where}: {exception.InnerException?.Message ?? exception.Message}", exception);
        }
        catch (ArgumentException exception)
        {
            throw new UserException(exception.Message, exception) { ExitCode = ExitCodes.Usage };
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            throw new UserException($"Cannot open the catalog at {where}: {exception.Message}", exception);
        }
    }

    /// <summary>A postgres:// address without its password, for messages.</summary>
    public static string Describe(string location)
    {
        try
        {
            NpgsqlConnectionStringBuilder builder = PostgresCatalog.ToConnectionString(location);
            return $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "the given address";
        }
    }
}
