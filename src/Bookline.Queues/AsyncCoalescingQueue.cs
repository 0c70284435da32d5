using Bookline.Queues.Stores;

namespace Bookline.Queues;

/// <summary>
/// A first-in, first-out queue that holds one item per key: an item put while another with the same key
/// is waiting is merged into it (by default it replaces it), and the merged item keeps the first one's place.
/// A path changed fifty times while it waited is read once.
/// </summary>
/// <remarks>
/// The contract is <see cref="AsyncQueue{T}"/>'s, with two differences that follow from merging. A put that
/// merges needs no free slot, so it never waits, even on a full queue. And it adds no unfinished task: the
/// merged item is got once, and <see cref="AsyncQueue{T}.TaskDone"/> is called for it once. Only items
/// waiting in the buffer are merged; an item already got is finished or not by its consumer, and a put for
/// its key after that is a new item.
/// </remarks>
/// <typeparam name="TKey">The type of the keys.</typeparam>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class AsyncCoalescingQueue<TKey, T> : AsyncQueue<T>
    where TKey : notnull
{
    /// <summary>Creates a coalescing queue.</summary>
    /// <param name="keyOf">The item's key; called under the queue's lock, so it must be quick and must not touch the queue.</param>
    /// <param name="merge">
    /// The item that replaces a waiting one, from the waiting one and the one put; null keeps the one put. Called under the
    /// queue's lock; if it throws, the put fails and the waiting item is unchanged.
    /// </param>
    /// <param name="maxSize">The most items (keys) the buffer holds before a put of a new key waits; zero or less means unbounded.</param>
    /// <param name="comparer">Compares keys; null for the default.</param>
    public AsyncCoalescingQueue(Func<T, TKey> keyOf, Func<T, T, T>? merge = null, int maxSize = 0, IEqualityComparer<TKey>? comparer = null)
        : base(maxSize, new CoalescingStore<TKey, T>(keyOf ?? throw new ArgumentNullException(nameof(keyOf)), merge ?? KeepNewest, comparer, maxSize))
    {
    }

    private static T KeepNewest(T waiting, T put) => put;
}
