using Bookline.Queues;

namespace Bookline.Pipelines.Transport;

/// <summary>
/// A work queue in this process, on a Bookline <see cref="AsyncQueue{T}"/> (FIFO, priority or
/// LIFO): enqueue is PutAsync, acknowledge is TaskDone, complete is a graceful Shutdown.
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public sealed class InMemoryWorkQueue<T> : IWorkQueue<T>
{
    private readonly AsyncQueue<T> _queue;
    private readonly bool _markDone;

    /// <summary>Wraps a queue.</summary>
    /// <param name="name">The stage this queue feeds.</param>
    /// <param name="queue">The queue; its bound is the capacity.</param>
    /// <param name="markDone">
    /// Call TaskDone when a delivery is settled, so that the queue's JoinAsync works. A queue that
    /// only the pipeline sees needs none, which saves a lock operation per item.
    /// </param>
    public InMemoryWorkQueue(string name, AsyncQueue<T> queue, bool markDone = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(queue);
        Name = name;
        _queue = queue;
        _markDone = markDone;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Capacity => _queue.MaxSize > 0 ? _queue.MaxSize : int.MaxValue;

    /// <inheritdoc />
    public int Count => _queue.Count;

    /// <inheritdoc />
    public int PeakCount => _queue.PeakCount;

    /// <summary>The queue underneath.</summary>
    public AsyncQueue<T> Queue => _queue;

    /// <inheritdoc />
    public ValueTask EnqueueAsync(T item, CancellationToken cancellationToken = default)
    {
        ValueTask put = _queue.PutAsync(item, cancellationToken);
        return put.IsCompletedSuccessfully ? default : Translate(put);

        static async ValueTask Translate(ValueTask pending)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (QueueShutDownException exception)
            {
                throw new WorkQueueCompletedException("The work queue has been completed.", exception);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<Delivery<T>> DequeueAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<T> get = _queue.GetAsync(cancellationToken);
        return get.IsCompletedSuccessfully ? new ValueTask<Delivery<T>>(new Delivery<T>(get.Result, 0)) : Translate(get);

        static async ValueTask<Delivery<T>> Translate(ValueTask<T> pending)
        {
            try
            {
                return new Delivery<T>(await pending.ConfigureAwait(false), 0);
            }
            catch (QueueShutDownException exception)
            {
                throw new WorkQueueCompletedException("The work queue has been completed and drained.", exception);
            }
        }
    }

    /// <inheritdoc />
    public void Acknowledge(in Delivery<T> delivery)
    {
        if (_markDone)
        {
            _queue.TaskDone();
        }
    }

    /// <inheritdoc />
    public async ValueTask RejectAsync(Delivery<T> delivery, bool requeue, CancellationToken cancellationToken = default)
    {
        try
        {
            if (requeue)
            {
                await _queue.PutAsync(delivery.Item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or QueueShutDownException)
        {
            // Not requeued: the queue is stopping, and the caller has counted the item as unprocessed.
        }
        finally
        {
            Acknowledge(delivery);
        }
    }

    /// <inheritdoc />
    public void Complete() => _queue.Shutdown();

    /// <inheritdoc />
    public IReadOnlyList<T> Abandon()
    {
        var abandoned = new List<T>();
        _queue.Shutdown();
        try
        {
            while (_queue.TryGet(out T item))
            {
                abandoned.Add(item);
                if (_markDone)
                {
                    _queue.TaskDone();
                }
            }
        }
        catch (QueueShutDownException)
        {
            // drained
        }

        return abandoned;
    }
}
