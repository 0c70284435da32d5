using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>
/// The output of a broadcast stage: every item goes into each branch's queue in turn, each waiting while its queue is full,
/// so the slowest branch sets the pace and no branch misses an item (unlike a broadcast that drops what a full target
/// cannot take). Only the stage writes to it; each branch's runner reads and abandons its own queue.
/// </summary>
internal sealed class BroadcastWorkQueue<T>(IReadOnlyList<IWorkQueue<T>> branches) : IWorkQueue<T>
{
    public string Name => string.Join("+", branches.Select(b => b.Name));

    public int Capacity => branches.Min(b => b.Capacity);

    public int Count => branches.Max(b => b.Count);

    public int PeakCount => branches.Max(b => b.PeakCount);

    public async ValueTask EnqueueAsync(T item, CancellationToken cancellationToken = default)
    {
        // A failure part-way leaves the item in the branches before; a retry puts it there again (at least once).
        foreach (IWorkQueue<T> branch in branches)
        {
            await branch.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<Delivery<T>> DequeueAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A broadcast is only written to; each branch reads its own queue.");

    public void Acknowledge(in Delivery<T> delivery) => throw new NotSupportedException("A broadcast delivers nothing itself.");

    public ValueTask RejectAsync(Delivery<T> delivery, bool requeue, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A broadcast delivers nothing itself.");

    public void Complete()
    {
        foreach (IWorkQueue<T> branch in branches)
        {
            branch.Complete();
        }
    }

    public IReadOnlyList<T> Abandon() => [];
}
