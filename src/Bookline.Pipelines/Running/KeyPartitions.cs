using Bookline.Pipelines.Transport;
using Bookline.Queues;

namespace Bookline.Pipelines.Running;

/// <summary>
/// The per-worker queues of a stage ordered by key: the stage's dispatcher puts each delivery into the queue of the worker
/// its key's hash names, so one key's items reach one worker, in the order they were taken.
/// </summary>
internal sealed class KeyPartitions<TIn>
{
    private readonly AsyncQueue<Delivery<TIn>>[] _queues;
    private readonly Func<TIn, int> _hash;

    public KeyPartitions(int workers, int capacity, Func<TIn, int> hash)
    {
        _hash = hash;
        _queues = [.. Enumerable.Range(0, workers).Select(_ => new AsyncQueue<Delivery<TIn>>(capacity))];
    }

    /// <summary>The dispatcher's counts: a delivery it held when an abort cut it off.</summary>
    public WorkerStats Stats { get; } = new();

    public AsyncQueue<Delivery<TIn>> this[int worker] => _queues[worker];

    public int Count => _queues.Sum(q => q.Count);

    /// <summary>The worker whose queue the item goes to.</summary>
    public int PartitionOf(TIn item) => (int)((uint)_hash(item) % (uint)_queues.Length);

    /// <summary>No more items: each worker drains its queue, then ends.</summary>
    public void Complete()
    {
        foreach (AsyncQueue<Delivery<TIn>> queue in _queues)
        {
            queue.Shutdown();
        }
    }

    /// <summary>Drops what the workers have not taken and returns how many: they count as received and not processed.</summary>
    public int Abandon()
    {
        int dropped = 0;
        foreach (AsyncQueue<Delivery<TIn>> queue in _queues)
        {
            try
            {
                while (queue.TryGet(out _))
                {
                    dropped++;
                }
            }
            catch (QueueShutDownException)
            {
                // already shut down and drained
            }

            queue.Shutdown(immediate: true);
        }

        return dropped;
    }
}
