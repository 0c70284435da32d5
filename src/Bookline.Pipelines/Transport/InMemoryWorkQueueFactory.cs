using Bookline.Queues;

namespace Bookline.Pipelines.Transport;

/// <summary>Keeps every stage queue in this process, on Bookline's FIFO or priority queues.</summary>
public sealed class InMemoryWorkQueueFactory : IWorkQueueFactory
{
    private InMemoryWorkQueueFactory()
    {
    }

    /// <summary>The factory; it has no state.</summary>
    public static InMemoryWorkQueueFactory Instance { get; } = new();

    /// <inheritdoc />
    public IWorkQueue<T> Create<T>(string stage, int capacity, IComparer<T>? priority) =>
        new InMemoryWorkQueue<T>(stage, priority is null ? new AsyncQueue<T>(capacity) : new AsyncPriorityQueue<T>(capacity, priority), markDone: false);
}
