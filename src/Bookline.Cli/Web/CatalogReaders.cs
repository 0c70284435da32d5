using Bookline.Library.Catalog;
using Bookline.Queues;

namespace Bookline.Cli.Web;

/// <summary>
/// The catalog connections the web pages read through. A SQLite catalog gets a pool of read-only
/// connections, so searches run side by side (WAL lets them read while a scan writes); a PostgreSQL
/// catalog is safe from many threads already and is used as it is.
/// </summary>
internal sealed class CatalogReaders : IDisposable
{
    private readonly ICatalog? _shared;
    private readonly AsyncQueue<ICatalog>? _idle;
    private readonly List<ICatalog> _owned = [];

    private CatalogReaders(ICatalog? shared, AsyncQueue<ICatalog>? idle)
    {
        _shared = shared;
        _idle = idle;
    }

    /// <summary>How many reader connections a SQLite catalog gets: two per core, since a search also waits on the disk.</summary>
    public static int DefaultCount => Math.Max(2, 2 * Environment.ProcessorCount);

    /// <summary>Readers for the catalog <paramref name="store"/> is open on.</summary>
    public static CatalogReaders Open(ICatalog store, int count)
    {
        if (store is not SqliteCatalog)
        {
            return new CatalogReaders(store, null);
        }

        var readers = new CatalogReaders(null, new AsyncQueue<ICatalog>());
        try
        {
            for (int i = 0; i < count; i++)
            {
                SqliteCatalog reader = SqliteCatalog.OpenReader(store.Location);
                readers._owned.Add(reader);
                readers._idle!.TryPut(reader);
            }
        }
        catch
        {
            readers.Dispose();
            throw;
        }

        return readers;
    }

    /// <summary>Runs <paramref name="read"/> on a connection no other request is using, waiting for one if all are busy.</summary>
    public async ValueTask<T> Use<T>(Func<ICatalog, T> read)
    {
        if (_shared is not null)
        {
            return read(_shared);
        }

        ICatalog reader = await _idle!.GetAsync().ConfigureAwait(false);
        try
        {
            return read(reader);
        }
        finally
        {
            _idle.TryPut(reader);
        }
    }

    public void Dispose()
    {
        foreach (ICatalog reader in _owned)
        {
            reader.Dispose();
        }
    }
}
