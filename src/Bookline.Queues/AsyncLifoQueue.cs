using Bookline.Queues.Stores;

namespace Bookline.Queues;

/// <summary>
/// A last-in, first-out queue (a stack), like Python's <c>asyncio.LifoQueue</c>: the most recently
/// put item is handed out first.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class AsyncLifoQueue<T> : AsyncQueue<T>
{
    /// <summary>Creates a last-in, first-out queue.</summary>
    /// <param name="maxSize">The most items the buffer holds before a put waits; zero or less means unbounded.</param>
    public AsyncLifoQueue(int maxSize = 0)
        : base(maxSize, new LifoStore<T>(maxSize))
    {
    }
}
