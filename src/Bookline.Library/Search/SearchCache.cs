using Bookline.Library.Catalog;

namespace Bookline.Library.Search;

/// <summary>
/// The results of the last searches, each kept with the store's version it was found at and given
/// again only while the store is at that version; the least recently asked go first when full.
/// </summary>
/// <remarks>
/// A page of results costs a store milliseconds of work (ranking, then a passage per hit); a
/// reader asks for the same page again (back, reload, a shared link), and a busy server is asked the
/// same few queries by many. A result found while a commit lands may be kept under the older
/// version; the next search sees the newer one and misses, so no result outlives a commit it missed.
/// </remarks>
internal sealed class SearchCache
{
    /// <summary>How many results are kept unless told otherwise.</summary>
    public const int DefaultCapacity = 500;

    private readonly Lock _lock = new();
    private readonly Dictionary<SearchRequest, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recent = new();
    private int _capacity = DefaultCapacity;

    /// <summary>How many results are kept; 0 keeps none (every search asks the store).</summary>
    public int Capacity
    {
        get => _capacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_lock)
            {
                _capacity = value;
                Trim();
            }
        }
    }

    /// <summary>The results kept for the request at this version of the store, if any.</summary>
    public bool TryGet(SearchRequest request, string version, out SearchResults results)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(request, out LinkedListNode<Entry>? node) && node.Value.Version == version)
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                results = node.Value.Results;
                return true;
            }
        }

        results = null!;
        return false;
    }

    /// <summary>Keeps the results found for the request at this version, in place of any kept before.</summary>
    public void Add(SearchRequest request, string version, SearchResults results)
    {
        lock (_lock)
        {
            if (_entries.Remove(request, out LinkedListNode<Entry>? old))
            {
                _recent.Remove(old);
            }

            if (_capacity == 0)
            {
                return;
            }

            _entries[request] = _recent.AddFirst(new Entry(request, version, results));
            Trim();
        }
    }

    /// <summary>Drops the least recently asked results beyond the capacity; called under the lock.</summary>
    private void Trim()
    {
        while (_recent.Count > _capacity)
        {
            _entries.Remove(_recent.Last!.Value.Request);
            _recent.RemoveLast();
        }
    }

    private sealed record Entry(SearchRequest Request, string Version, SearchResults Results);
}
