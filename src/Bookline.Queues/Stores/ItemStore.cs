namespace Bookline.Queues.Stores;

/// <summary>
/// The buffer behind a LIFO, priority or coalescing queue: decides the order in which items come out, and
/// (coalescing) which items become one.
/// Every member is called under the owning queue's lock, so implementations need no
/// synchronisation. (The FIFO queue keeps a <see cref="RingBuffer{T}"/> inline instead.)
/// </summary>
internal abstract class ItemStore<T>
{
    /// <summary>Initial array size: small, so that many idle queues stay cheap.</summary>
    protected const int DefaultCapacity = 16;

    /// <summary>Adds an item; false when it was merged into one already waiting (it takes no slot). Must leave the store unchanged if it throws.</summary>
    public abstract bool Add(T item);

    /// <summary>Whether <see cref="Add"/> would merge the item into one already waiting, so that it needs no free slot.</summary>
    public virtual bool Merges(T item) => false;

    /// <summary>Removes and returns the next item; the store is known to be non-empty.</summary>
    public abstract T Take();

    /// <summary>Removes every item and returns how many there were.</summary>
    public abstract int Clear();

    /// <summary>The buffered items in the order they would come out (for diagnostics and tests).</summary>
    public abstract T[] ToArray();

    /// <summary>The array size to start with for a queue bounded at <paramref name="maxSize"/>.</summary>
    internal static int InitialCapacity(int maxSize) =>
        maxSize > 0 ? Math.Min(maxSize, DefaultCapacity) : DefaultCapacity;
}
