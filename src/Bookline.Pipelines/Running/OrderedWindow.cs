using System.Numerics;
using Bookline.Pipelines.Transport;
using Bookline.Queues;

namespace Bookline.Pipelines.Running;

/// <summary>
/// The reorder window of an ordered stage. The stage's dispatcher, the only reader of its queue, numbers the items in the
/// queue's order and hands them to the workers through <see cref="Numbered"/>; the workers handle them in parallel and
/// deposit each outcome in its slot. Whoever deposits the outcome at the head passes it on, and every outcome after it that
/// is ready (one worker at a time does this, so results leave strictly by number). The dispatcher numbers an item only while
/// fewer than the window's size are numbered and not yet passed on: slots are never overwritten and memory stays bounded.
/// </summary>
internal sealed class OrderedWindow<TIn, TOut>
{
    private readonly OrderedSlot<TIn, TOut>[] _slots; // a power of two of them, so a number's slot is a mask away, not a division
    private readonly long _mask;
    private readonly int _size;
    private TaskCompletionSource? _roomWaiter; // the dispatcher, waiting for the head to move
    private long _numbered; // the dispatcher's alone
#pragma warning disable CS0169 // never read: it is there for its size
    private CacheLinePadding _padding; // keeps the dispatcher's field off the line the workers contend for
#pragma warning restore CS0169
    private long _head;     // the next number to pass on; written by the emitting worker
    private int _emitting;  // 1 while a worker passes outcomes on

    public OrderedWindow(int size)
    {
        _size = size;
        _slots = [.. Enumerable.Range(0, (int)BitOperations.RoundUpToPowerOf2((uint)size)).Select(_ => new OrderedSlot<TIn, TOut>())];
        _mask = _slots.Length - 1;
        Numbered = new AsyncQueue<(Delivery<TIn> Delivery, long Number)>(size);
    }

    /// <summary>The numbered items, for the workers to take in any order.</summary>
    public AsyncQueue<(Delivery<TIn> Delivery, long Number)> Numbered { get; }

    /// <summary>Counts of the window itself: outcomes waiting in it (InFlight, as of <see cref="CountWaiting"/>), and those an abort cut off.</summary>
    public WorkerStats Stats { get; } = new();

    /// <summary>
    /// Counts the outcomes waiting in the window into <see cref="Stats"/>, for a report. Counted when asked, not on every
    /// deposit: a counter that every worker and the emitter update is one more contended cache line per item.
    /// </summary>
    public void CountWaiting() => Volatile.Write(ref Stats.InFlight, _slots.Count(s => Volatile.Read(ref s.Done)));

    /// <summary>Waits until the window has room, then numbers the next item. Only the dispatcher calls this.</summary>
    public ValueTask<long> NumberAsync(CancellationToken abort) =>
        _numbered - Volatile.Read(ref _head) < _size ? new ValueTask<long>(_numbered++) : WaitForRoomAsync(abort);

    private async ValueTask<long> WaitForRoomAsync(CancellationToken abort)
    {
        while (true)
        {
            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Both sides write, fence, then read the other's field (here the waiter, then the head; in Advance the head,
            // then the waiter), so at least one sees the other: a head that moves now either shows below or finds the waiter.
            Interlocked.Exchange(ref _roomWaiter, room);
            if (_numbered - Volatile.Read(ref _head) < _size)
            {
                Interlocked.CompareExchange(ref _roomWaiter, null, room);
                return _numbered++;
            }

            await room.Task.WaitAsync(abort).ConfigureAwait(false);
        }
    }

    /// <summary>Puts an item's outcome in its slot. Every numbered item is deposited exactly once.</summary>
    public void Deposit(long number, in Delivery<TIn> delivery, int worker, int attempts, bool passOn, TOut one, IEnumerable<TOut>? many, bool filtered)
    {
        OrderedSlot<TIn, TOut> slot = _slots[number & _mask];
        slot.Delivery = delivery;
        slot.Worker = worker;
        slot.Attempts = attempts;
        slot.PassOn = passOn;
        slot.One = one;
        slot.Many = many;
        slot.Filtered = filtered;
        Volatile.Write(ref slot.Done, true); // last: the emitter reads the fields only after it sees this
    }

    /// <summary>
    /// Passes on every ready outcome from the head, unless another worker is doing so; that worker then also passes on the
    /// one just deposited, because it looks at the head again after giving up its role.
    /// </summary>
    public ValueTask EmitReadyAsync(Func<OrderedSlot<TIn, TOut>, ValueTask> passOn)
    {
        while (Volatile.Read(ref Head().Done) && Interlocked.CompareExchange(ref _emitting, 1, 0) == 0)
        {
            bool holding = true;
            try
            {
                OrderedSlot<TIn, TOut> slot;
                while (Volatile.Read(ref (slot = Head()).Done))
                {
                    if (slot.PassOn)
                    {
                        ValueTask pass = passOn(slot);
                        if (!pass.IsCompletedSuccessfully)
                        {
                            holding = false; // the rest of the emission holds the role, and gives it up
                            return EmitRestAsync(pass, slot, passOn);
                        }
                    }

                    Advance(slot);
                }
            }
            finally
            {
                if (holding)
                {
                    Volatile.Write(ref _emitting, 0);
                }
            }

            // A deposit made while this worker still held the role saw it held and left its outcome here: the loop's
            // condition looks at the head once more now that the role is free.
        }

        return default;
    }

    /// <summary>The emission once a pass-on has to wait (the next queue is full): the same loop, awaited, holding the role.</summary>
    private async ValueTask EmitRestAsync(ValueTask pending, OrderedSlot<TIn, TOut> slot, Func<OrderedSlot<TIn, TOut>, ValueTask> passOn)
    {
        try
        {
            await pending.ConfigureAwait(false);
            Advance(slot);
            while (Volatile.Read(ref (slot = Head()).Done))
            {
                if (slot.PassOn)
                {
                    await passOn(slot).ConfigureAwait(false);
                }

                Advance(slot);
            }
        }
        finally
        {
            Volatile.Write(ref _emitting, 0);
        }

        await EmitReadyAsync(passOn).ConfigureAwait(false);
    }

    /// <summary>
    /// After the workers have finished: the outcomes an abort left in the window, never to be passed on (a number it cut
    /// off was never deposited); each slot is emptied as it is returned.
    /// </summary>
    public IEnumerable<OrderedSlot<TIn, TOut>> TakeLeftOver()
    {
        foreach (OrderedSlot<TIn, TOut> slot in _slots)
        {
            if (Volatile.Read(ref slot.Done))
            {
                yield return slot;
                slot.Clear();
            }
        }
    }

    private OrderedSlot<TIn, TOut> Head() => _slots[Volatile.Read(ref _head) & _mask];

    private void Advance(OrderedSlot<TIn, TOut> slot)
    {
        slot.Clear();
        Interlocked.Increment(ref _head); // a full fence before the waiter is read: see WaitForRoomAsync
        if (Volatile.Read(ref _roomWaiter) is { } waiter && Interlocked.CompareExchange(ref _roomWaiter, null, waiter) == waiter)
        {
            waiter.TrySetResult();
        }
    }
}
