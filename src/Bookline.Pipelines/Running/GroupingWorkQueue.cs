using System.Diagnostics;
using Bookline.Pipelines.Transport;
using Bookline.Queues;

namespace Bookline.Pipelines.Running;

/// <summary>
/// The in-memory queue in front of a batch stage. It groups items as they are put, on the putter's thread, so only whole
/// batches cross to the stage's workers (one wake-up per batch, not per item, as Dataflow's BatchBlock does). A batch is
/// sealed when it is full, or once its first item has waited <see cref="BatchOptions.MaxDelay"/> and a worker has room
/// for it; sealed batches wait for a worker in <see cref="_ready"/>, at most <c>capacity / size</c> of them (at least
/// one), and a putter that seals one more waits in <see cref="_pending"/> until a worker takes one: that is the backpressure.
/// </summary>
/// <remarks>
/// One lock guards the batch being filled, the pending batches and the counts; <see cref="_ready"/> has its own. This lock
/// is taken before the ready queue's (never the other way), and no wait and no completion runs under it. Batches keep the
/// order they were sealed in: a batch goes to <see cref="_pending"/> whenever an earlier one is there, and the batch being
/// filled is always the newest.
/// </remarks>
internal sealed class GroupingWorkQueue<T> : IWorkQueue<T>
{
    private SpinLock _lock = new(enableThreadOwnerTracking: false); // held for a few instructions; never across a wait
    private readonly AsyncQueue<T[]> _ready = new(); // unbounded: the bound is _readyLimit, counted under _lock
    private readonly Queue<PendingBatch> _pending = new();
    private readonly int _size;
    private readonly int _readyLimit;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _clock;
    private readonly ITimer? _timer;
    private T[]? _filling;
    private int _filled;
    private long _fillingSince;
    private bool _fillingDue;
    private int _readyCount;
    private int _count;
    private int _peak;
    private bool _completed;

    public GroupingWorkQueue(string name, int capacity, BatchOptions batch, TimeProvider clock)
    {
        Name = name;
        Capacity = capacity;
        _size = batch.Size;
        _readyLimit = Math.Max(1, capacity / batch.Size);
        _maxDelay = batch.MaxDelay;
        _clock = clock;
        if (_size > 1 && _maxDelay > TimeSpan.Zero)
        {
            _timer = clock.CreateTimer(static state => ((GroupingWorkQueue<T>)state!).OnDelayElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public string Name { get; }

    public int Capacity { get; }

    public int Count => Volatile.Read(ref _count);

    public int PeakCount => Volatile.Read(ref _peak);

    public ValueTask EnqueueAsync(T item, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested(); // as the other queues: a put cancelled before it began adds nothing
        PendingBatch? pending = null;
        bool startedBatch = false;
        Enter();
        try
        {
            if (_completed)
            {
                throw new WorkQueueCompletedException("The work queue has been completed.");
            }

            if (_filling is null)
            {
                _filling = new T[_size];
                _fillingDue = _maxDelay == TimeSpan.Zero;
                if (_timer is not null)
                {
                    _fillingSince = _clock.GetTimestamp();
                    startedBatch = true;
                }
            }

            _filling[_filled++] = item;
            _peak = Math.Max(_peak, ++_count);
            if (_filled == _size || (_fillingDue && CanGoReady()))
            {
                pending = SealForPutter();
            }
        }
        finally
        {
            _lock.Exit(useMemoryBarrier: false);
        }

        if (startedBatch && pending is null)
        {
            // Outside the lock: a late arming only moves the deadline later by as long as it took, and OnDelayElapsed
            // checks the batch's own age anyway.
            _timer!.Change(_maxDelay, Timeout.InfiniteTimeSpan);
        }

        return pending is null ? default : WaitForRoomAsync(pending, cancellationToken);
    }

    /// <summary>The next sealed batch, waiting for one; fails with <see cref="WorkQueueCompletedException"/> once completed and drained.</summary>
    public async ValueTask<T[]> TakeBatchAsync()
    {
        T[] batch;
        try
        {
            ValueTask<T[]> get = _ready.GetAsync();
            batch = get.IsCompletedSuccessfully ? get.Result : await get.ConfigureAwait(false);
        }
        catch (QueueShutDownException exception)
        {
            throw new WorkQueueCompletedException("The work queue has been completed and drained.", exception);
        }

        PendingBatch? admitted = null;
        Enter();
        try
        {
            _readyCount--;
            _count = Math.Max(0, _count - batch.Length); // an abandon may have zeroed it since the batch was taken
            while (admitted is null && _pending.TryDequeue(out PendingBatch? next))
            {
                if (next.Items.Length > 0)
                {
                    GoReady(next.Items);
                    admitted = next;
                }
            }

            if (admitted is null && _fillingDue && _filled > 0 && !_completed)
            {
                GoReady(TakeFilling());
            }

            ShutDownIfDrained();
        }
        finally
        {
            _lock.Exit(useMemoryBarrier: false);
        }

        admitted?.Room.TrySetResult();
        return batch;
    }

    public ValueTask<Delivery<T>> DequeueAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A batch stage's queue hands out whole batches (TakeBatchAsync).");

    public void Acknowledge(in Delivery<T> delivery)
    {
        // Nothing to settle: the batch left the queue when a worker took it.
    }

    public async ValueTask RejectAsync(Delivery<T> delivery, bool requeue, CancellationToken cancellationToken = default)
    {
        try
        {
            if (requeue)
            {
                await EnqueueAsync(delivery.Item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WorkQueueCompletedException)
        {
            // Not requeued: the queue is stopping, and the caller has counted the item as unprocessed.
        }
    }

    public void Complete()
    {
        Enter();
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (_filled > 0)
            {
                // The last batch goes as it is; with no room now, it waits its turn like any sealed batch.
                _fillingDue = true;
                if (CanGoReady())
                {
                    GoReady(TakeFilling());
                }
                else
                {
                    _pending.Enqueue(new PendingBatch(TakeFilling(), putter: false));
                }
            }

            ShutDownIfDrained();
        }
        finally
        {
            _lock.Exit(useMemoryBarrier: false);
        }

        _timer?.Dispose();
    }

    public IReadOnlyList<T> Abandon()
    {
        var abandoned = new List<T>();
        var failed = new List<PendingBatch>();
        Enter();
        try
        {
            _completed = true;
            if (_filled > 0)
            {
                abandoned.AddRange(TakeFilling());
            }

            while (_pending.TryDequeue(out PendingBatch? pending))
            {
                if (pending.HasPutter)
                {
                    // The putter's own item (the one that sealed it) is reported by its failed put, not here.
                    abandoned.AddRange(pending.Items.AsSpan(0, pending.Items.Length - 1));
                    failed.Add(pending);
                }
                else
                {
                    abandoned.AddRange(pending.Items);
                }
            }

            _ready.Shutdown();
            var ready = new List<T[]>();
            try
            {
                _ready.TryGetMany(ready, int.MaxValue);
            }
            catch (QueueShutDownException)
            {
                // nothing was ready
            }

            foreach (T[] batch in ready)
            {
                _readyCount--;
                abandoned.AddRange(batch);
            }

            _count = 0;
        }
        finally
        {
            _lock.Exit(useMemoryBarrier: false);
        }

        _timer?.Dispose();
        foreach (PendingBatch pending in failed)
        {
            pending.Room.TrySetException(new WorkQueueCompletedException("The work queue has been abandoned."));
        }

        return abandoned;
    }

    private void Enter()
    {
        bool taken = false;
        _lock.Enter(ref taken); // without owner tracking, returns only once taken
    }

    private bool CanGoReady() => _readyCount < _readyLimit && _pending.Count == 0;

    /// <summary>Seals the batch being filled: ready at once if a worker has room for it, else pending (with its putter waiting).</summary>
    private PendingBatch? SealForPutter()
    {
        T[] items = TakeFilling();
        if (CanGoReady())
        {
            GoReady(items);
            return null;
        }

        var pending = new PendingBatch(items, putter: true);
        _pending.Enqueue(pending);
        return pending;
    }

    private T[] TakeFilling()
    {
        Debug.Assert(_filling is not null && _filled > 0, "only a batch with items is taken");
        T[] items = _filled == _filling.Length ? _filling : _filling[.._filled];
        _filling = null;
        _filled = 0;
        _fillingDue = false;
        return items;
    }

    private void GoReady(T[] items)
    {
        // Cannot fail: the ready queue is unbounded and shut down only once nothing is left to go ready.
        bool put = _ready.TryPut(items);
        Debug.Assert(put, "the ready queue takes every batch until it is shut down");
        _readyCount++;
    }

    private void ShutDownIfDrained()
    {
        if (_completed && _filled == 0 && _pending.Count == 0)
        {
            _ready.Shutdown(); // graceful: workers take what is ready, then learn the input has ended
        }
    }

    private void OnDelayElapsed()
    {
        TimeSpan wait = TimeSpan.Zero;
        Enter();
        try
        {
            if (_completed || _filled == 0 || _fillingDue)
            {
                return;
            }

            TimeSpan age = _clock.GetElapsedTime(_fillingSince);
            if (age < _maxDelay)
            {
                wait = _maxDelay - age; // the timer was armed for an earlier batch that has gone; this one is younger
            }
            else
            {
                _fillingDue = true;
                if (CanGoReady())
                {
                    GoReady(TakeFilling());
                }

                // Else every worker has a batch waiting: the first to take one takes this one's turn too (TakeBatchAsync).
            }
        }
        finally
        {
            _lock.Exit(useMemoryBarrier: false);
        }

        if (wait > TimeSpan.Zero)
        {
            _timer!.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    private async ValueTask WaitForRoomAsync(PendingBatch pending, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            await pending.Room.Task.ConfigureAwait(false);
            return;
        }

        using CancellationTokenRegistration registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((GroupingWorkQueue<T>)((object[])state!)[0]).Withdraw((PendingBatch)((object[])state)[1], token),
            new object[] { this, pending });
        await pending.Room.Task.ConfigureAwait(false);
    }

    /// <summary>A cancelled put whose batch is still pending takes its own item back; the others' items stay.</summary>
    private void Withdraw(PendingBatch pending, CancellationToken token)
    {
        Enter();
        try
        {
            if (!pending.HasPutter || !_pending.Contains(pending) || pending.Room.Task.IsCompleted)
            {
                return; // already ready, or abandoned: the put's outcome is settled
            }

            pending.DropPutter();
            _count--;
        }
        finally
        {
            _lock.Exit(useMemoryBarrier: false);
        }

        pending.Room.TrySetCanceled(token);
    }

    /// <summary>A sealed batch that waits for a worker to have room; its putter, if any, waits with it.</summary>
    private sealed class PendingBatch(T[] items, bool putter)
    {
        public T[] Items { get; private set; } = items;

        public bool HasPutter { get; private set; } = putter;

        public TaskCompletionSource Room { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The putter's item is the last: the one that sealed the batch.</summary>
        public void DropPutter()
        {
            Items = Items[..^1];
            HasPutter = false;
        }
    }
}
