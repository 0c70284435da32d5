using System.Diagnostics;

namespace Bookline.Queues.Waiting;

/// <summary>
/// Blocked callers, oldest first: an intrusive doubly-linked list, so that a cancelled waiter is
/// unlinked in O(1) and no list node is allocated. Guarded by the owning queue's lock.
/// </summary>
internal struct WaiterList<T>
{
    private Waiter<T>? _head;
    private Waiter<T>? _tail;

    public int Count { get; private set; }

    public readonly Waiter<T>? Oldest => _head;

    public void Append(Waiter<T> waiter)
    {
        Debug.Assert(!waiter.IsQueued);
        waiter.Previous = _tail;
        waiter.Next = null;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        waiter.IsQueued = true;
        Count++;
    }

    public void Remove(Waiter<T> waiter)
    {
        Debug.Assert(waiter.IsQueued);
        if (waiter.Previous is null)
        {
            _head = waiter.Next;
        }
        else
        {
            waiter.Previous.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _tail = waiter.Previous;
        }
        else
        {
            waiter.Next.Previous = waiter.Previous;
        }

        waiter.Next = waiter.Previous = null;
        waiter.IsQueued = false;
        Count--;
    }

    /// <summary>Unlinks the oldest waiter, or returns null when there is none.</summary>
    public Waiter<T>? TakeOldest()
    {
        Waiter<T>? oldest = _head;
        if (oldest is not null)
        {
            Remove(oldest);
        }

        return oldest;
    }

    /// <summary>Unlinks every waiter and returns the chain, oldest first, linked through Next.</summary>
    public Waiter<T>? TakeAll()
    {
        Waiter<T>? all = _head;
        for (Waiter<T>? w = _head; w is not null; w = w.Next)
        {
            w.IsQueued = false;
        }

        _head = _tail = null;
        Count = 0;
        return all;
    }
}
