namespace Bookline.Queues.Stores;

/// <summary>
/// The buffer behind a LIFO or priority queue: decides only the order in which items come out.
/// Every member is called under the owning queue's lock, so implementations need no
/// synchronisation. (The FIFO queue keeps a <see cref="RingBuffer{T}"/> inline instead.)
/// </summary>
internal abstract class ItemStore<T>
{
    /// <summary>Initial array size: small, so that many idle queues stay cheap.</summary>
    protected const int DefaultCapacity = 16;

    /// <summary>Adds an item. Must leave the store unchanged if it throws.</summary>
    public abstract void Add(T item);

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
