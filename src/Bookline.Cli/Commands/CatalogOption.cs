using System.CommandLine;
using Bookline.Catalog.PostgreSql;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;

namespace Bookline.Cli.Commands;

/// <summary>The --catalog option every catalog command shares, and opening the catalog it names.</summary>
internal static class CatalogOption
{
    public const string DefaultPath = "bookline.db";

    /// <summary>How long a command that writes (scan, worker) waits for a catalog or a broker that does not answer when it starts.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public static Option<string> Create() => new("--catalog")
    {
        Description = "The catalog: a SQLite file, or postgres://user:password@host:port/database (a missing password is read from PGPASSWORD).",
        DefaultValueFactory = _ => DefaultPath,
    };

    /// <summary>Opens an existing catalog, or explains how to make one.</summary>
    public static Task<ICatalog> OpenExistingAsync(string location, CancellationToken cancellationToken) =>
        CatalogLocation.IsPostgres(location) || File.Exists(location)
            ? OpenAsync(location, cancellationToken)
            : throw new UserException($"There is no catalog at '{location}'. Run 'bookline scan <library>' first, or give --catalog.");

    /// <summary>Opens (creating or upgrading) a catalog; an unreachable or refused catalog is the user's to fix, not a crash.</summary>
    public static async Task<ICatalog> OpenAsync(string location, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenStoreAsync(location, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            throw new UserException(exception.Message, exception) { ExitCode = ExitCodes.Usage };
        }
        catch (CatalogException exception)
        {
            throw new UserException($"Cannot open the catalog at {CatalogLocation.Describe(location)}: {Cause(exception)}", exception);
        }
    }

    /// <summary>
    /// Opens a catalog to write, waiting through an outage (a database server restarting) for up to
    /// <see cref="Patience"/> and saying so once on <paramref name="output"/>; what is wrong for good fails at once.
    /// </summary>
    public static async Task<ICatalog> OpenWaitingAsync(string location, TextWriter output, CancellationToken stop)
    {
        string where = CatalogLocation.Describe(location);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        TimeSpan delay = TimeSpan.FromMilliseconds(250);
        bool told = false;
        while (true)
        {
            try
            {
                return await OpenStoreAsync(location, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new UserException($"Stopped while waiting for the catalog at {where}.") { ExitCode = ExitCodes.Interrupted };
            }
            catch (ArgumentException exception)
            {
                throw new UserException(exception.Message, exception) { ExitCode = ExitCodes.Usage };
            }
            catch (CatalogUnavailableException exception) when (exception.IsWorthWaiting && System.Diagnostics.Stopwatch.GetElapsedTime(started) + delay <= Patience)
            {
                if (!told)
                {
                    told = true;
                    output.WriteLine($"The catalog at {where} is unavailable ({Cause(exception).TrimEnd('.')}); trying again for up to {Patience.TotalSeconds:0} s.");
                }
            }
            catch (CatalogException exception)
            {
                throw new UserException($"Cannot open the catalog at {where}: {Cause(exception)}", exception);
            }

            try
            {
                await Task.Delay(delay, stop);
            }
            catch (OperationCanceledException)
            {
                throw new UserException($"Stopped while waiting for the catalog at {where}.") { ExitCode = ExitCodes.Interrupted };
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    private static async Task<ICatalog> OpenStoreAsync(string location, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return CatalogLocation.IsPostgres(location)
            ? await PostgresCatalog.OpenAsync(location, cancellationToken)
            : SqliteCatalog.Open(location);
    }

    /// <summary>The store's own words for what went wrong, without the catalog's name twice.</summary>
    private static string Cause(CatalogException exception) => exception.InnerException?.Message ?? exception.Message;
}
