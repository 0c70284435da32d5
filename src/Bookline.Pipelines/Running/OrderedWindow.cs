using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>
/// The reorder window of an ordered stage. Workers number the items as they take them (one at a time, under a gate, so the
/// numbers follow the queue's order), handle them in parallel, and deposit each outcome in its slot; the stage's emitter
/// passes the outcomes on strictly by number. A worker takes an item only while fewer than the window's size are taken and
/// not yet passed on, so the slots are never overwritten and memory stays bounded.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim holds nothing to release unless its wait handle is asked for, which these never are.")]
internal sealed class OrderedWindow<TIn, TOut>
{
    private readonly OrderedSlot<TIn, TOut>[] _slots;
    private readonly SemaphoreSlim _room;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _ready = new(0);
    private long _taken; // numbers handed out; written under the gate
    private long _head;  // the next number to pass on; the emitter's alone

    public OrderedWindow(int size)
    {
        _slots = [.. Enumerable.Range(0, size).Select(_ => new OrderedSlot<TIn, TOut>())];
        _room = new SemaphoreSlim(size, size);
    }

    /// <summary>The emitter's counts: what it passed on, and (InFlight) the outcomes waiting in the window.</summary>
    public WorkerStats Stats { get; } = new();

    /// <summary>Waits for room in the window, then for the gate; the caller takes one item (or none) and calls <see cref="Number"/> or <see cref="LeaveEmpty"/>.</summary>
    public async ValueTask EnterAsync(CancellationToken abort)
    {
        await _room.WaitAsync(abort).ConfigureAwait(false);
        try
        {
            await _gate.WaitAsync(abort).ConfigureAwait(false);
        }
        catch
        {
            _room.Release();
            throw;
        }
    }

    /// <summary>Numbers the item just taken and opens the gate for the next worker.</summary>
    public long Number()
    {
        long number = _taken++;
        _gate.Release();
        return number;
    }

    /// <summary>No item was taken (the input ended): gives back the room and the gate.</summary>
    public void LeaveEmpty()
    {
        _gate.Release();
        _room.Release();
    }

    /// <summary>Puts an item's outcome in its slot and wakes the emitter. Every numbered item is deposited exactly once.</summary>
    public void Deposit(long number, in Delivery<TIn> delivery, int worker, int attempts, bool passOn, TOut one, IEnumerable<TOut>? many, bool filtered)
    {
        OrderedSlot<TIn, TOut> slot = _slots[number % _slots.Length];
        slot.Delivery = delivery;
        slot.Worker = worker;
        slot.Attempts = attempts;
        slot.PassOn = passOn;
        slot.One = one;
        slot.Many = many;
        slot.Filtered = filtered;
        Interlocked.Increment(ref Stats.InFlight);
        Volatile.Write(ref slot.Done, true); // last: the emitter reads the fields only after it sees this
        _ready.Release();
    }

    /// <summary>The next outcome by number, once deposited; null when the workers have finished and every outcome has gone.</summary>
    public async ValueTask<OrderedSlot<TIn, TOut>?> NextAsync(Task workersFinished)
    {
        while (true)
        {
            OrderedSlot<TIn, TOut> slot = _slots[_head % _slots.Length];
            if (Volatile.Read(ref slot.Done))
            {
                return slot;
            }

            // Numbers are only handed out by running workers: once they have all finished, _taken is final.
            if (workersFinished.IsCompleted && _head == Volatile.Read(ref _taken))
            {
                return null;
            }

            // Each deposit releases once, and the end of the workers once more (WakeAtEnd): a wait never misses either.
            await _ready.WaitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Frees the slot just passed on and makes room for one more item.</summary>
    public void Advance(OrderedSlot<TIn, TOut> slot)
    {
        slot.Clear();
        _head++;
        Interlocked.Decrement(ref Stats.InFlight);
        _room.Release();
    }

    /// <summary>Wakes the emitter once the workers have finished, so that it sees the end.</summary>
    public void WakeAtEnd() => _ready.Release();
}
