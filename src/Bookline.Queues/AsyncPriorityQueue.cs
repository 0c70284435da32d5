using Bookline.Queues.Stores;

namespace Bookline.Queues;

/// <summary>
/// A queue that hands out the smallest item first by a comparer, like Python's
/// <c>asyncio.PriorityQueue</c>, except that items that compare equal come out in the order they
/// were put (asyncio's heap does not promise that).
/// </summary>
/// <remarks>
/// The comparer runs under the queue's lock, so it should be quick and must not use the queue. If
/// it throws, the put fails and the queue is left as it was.
/// </remarks>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class AsyncPriorityQueue<T> : AsyncQueue<T>
{
    /// <summary>Creates a priority queue.</summary>
    /// <param name="maxSize">The most items the buffer holds before a put waits; zero or less means unbounded.</param>
    /// <param name="comparer">Orders the items, smallest first; null means <see cref="Comparer{T}.Default"/>.</param>
    public AsyncPriorityQueue(int maxSize = 0, IComparer<T>? comparer = null)
        : base(maxSize, new StablePriorityStore<T>(maxSize, comparer))
    {
    }
}
