using Bookline.Library.Catalog;

namespace Bookline.Web;

/// <summary>
/// A value made from the catalog, made again only when the catalog's data version changed: the
/// books the feeds page through (reading 675 books with their files took 15 ms, a feed 20–30 ms),
/// the accounts every request is checked against.
/// </summary>
/// <typeparam name="T">What is made.</typeparam>
internal sealed class DataVersionCache<T>(ICatalogReader catalog, Func<CancellationToken, Task<T>> make)
    where T : class
{
    private Kept? _kept;

    /// <summary>The value as the catalog has it now.</summary>
    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        // Read before the value: a commit between the two makes the next request make it again, never one miss a commit.
        string version = await catalog.GetDataVersionAsync(cancellationToken).ConfigureAwait(false);
        Kept? kept = Volatile.Read(ref _kept);
        while (kept is null || kept.Version != version || kept.Making.IsFaulted || kept.Making.IsCanceled)
        {
            // The requests that find the same new version share one making: twenty clients at a cold start read the
            // catalog once, not twenty times. A request that loses the race takes the winner's, if it is of its version.
            var mine = new Kept(version, make);
            Kept? seen = Interlocked.CompareExchange(ref _kept, mine, kept);
            kept = seen == kept ? mine : seen;
            if (kept == mine)
            {
                break;
            }
        }

        return await kept.Making.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A version and the value made for it, made once, when first asked for, and not cancelled with the request that asked.</summary>
    private sealed class Kept(string version, Func<CancellationToken, Task<T>> make)
    {
        private readonly Lazy<Task<T>> _making = new(() => make(CancellationToken.None));

        public string Version { get; } = version;

        public Task<T> Making => _making.Value;
    }
}
