using System.Diagnostics;
using System.Runtime.CompilerServices;
using Bookline.Queues.Stores;
using Bookline.Queues.Waiting;

namespace Bookline.Queues;

/// <summary>
/// A first-in, first-out queue for coordinating producer and consumer tasks, with the semantics of
/// Python's <c>asyncio.Queue</c>: put/get, task_done/join and two-mode shutdown; safe to use from
/// any number of threads at once.
/// </summary>
/// <remarks>
/// <para>Beyond asyncio: waiting getters and putters are served strictly oldest first (an item goes
/// straight to the longest-waiting getter, so nobody can barge in); a get or put whose
/// <see cref="CancellationToken"/> fires either throws <see cref="OperationCanceledException"/> having
/// had no effect or completes normally, never half-way; continuations of waiting callers never run
/// under the queue's lock nor inline in the caller that released them.</para>
/// <para>Design: one lock per queue, intrusive lists of blocked callers, completions after the lock
/// is released, and a pooled value-task source for waits that cannot be cancelled, so that a put or
/// get that does not wait allocates nothing.</para>
/// </remarks>
/// <typeparam name="T">The type of the items.</typeparam>
[DebuggerDisplay("Count = {Count}, UnfinishedTasks = {UnfinishedTasks}, IsShutDown = {IsShutDown}")]
public class AsyncQueue<T> : IWaiterOwner<T>
{
    private readonly ItemStore<T>? _store; // null: first in, first out through _ring
    private RingBuffer<T> _ring;
    private readonly int _maxSize;
    private readonly bool _spinBeforeWaiting;
    private QueueLock _lock;
    private WaiterList<T> _getters; // non-empty only while the buffer is empty
    private WaiterList<T> _putters; // non-empty only while the buffer is full
    private volatile int _count;
    private int _peakCount;
    private int _unfinishedTasks;
    private TaskCompletionSource? _allTasksDone; // created by the first JoinAsync that has to wait
    private volatile bool _isShutDown;
    private Waiter<T>? _pooledGetter;
    private Waiter<T>? _pooledPutter;
    private int _spinCredit; // see SpinBeforeWaiting; read and written without synchronization, as a hint

    /// <summary>Creates a first-in, first-out queue.</summary>
    /// <param name="maxSize">The most items the buffer holds before a put waits; zero or less means unbounded.</param>
    public AsyncQueue(int maxSize = 0)
        : this(maxSize, store: null)
    {
    }

    private protected AsyncQueue(int maxSize, ItemStore<T>? store)
    {
        _maxSize = maxSize;
        _store = store;
        if (store is null)
        {
            _ring = new RingBuffer<T>(ItemStore<T>.InitialCapacity(maxSize));
        }

        bool systematicTesting = QueueTestHooks.UseTaskWaiters;
        _lock = new QueueLock(useMonitor: systematicTesting);
        _spinBeforeWaiting = Environment.ProcessorCount > 1 && !systematicTesting;
    }

    /// <summary>The most items the buffer holds, exactly as given to the constructor; zero or less means unbounded.</summary>
    public int MaxSize => _maxSize;

    /// <summary>The number of items in the buffer, not counting blocked putters nor items taken but not yet done.</summary>
    public int Count => _count;

    /// <summary>True when the buffer holds no item.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>True when the queue is bounded and its buffer holds <see cref="MaxSize"/> items.</summary>
    public bool IsFull => _maxSize > 0 && _count >= _maxSize;

    /// <summary>The largest <see cref="Count"/> the queue has had: how close it came to its bound.</summary>
    public int PeakCount => Volatile.Read(ref _peakCount);

    /// <summary>The number of items put and not yet marked done with <see cref="TaskDone"/>.</summary>
    public int UnfinishedTasks => Volatile.Read(ref _unfinishedTasks);

    /// <summary>True once <see cref="Shutdown"/> has been called; it never becomes false again.</summary>
    public bool IsShutDown => _isShutDown;

    /// <summary>The number of callers blocked in <see cref="GetAsync"/>.</summary>
    internal int WaitingGetters => Locked(static q => q._getters.Count);

    /// <summary>The number of callers blocked in <see cref="PutAsync"/>.</summary>
    internal int WaitingPutters => Locked(static q => q._putters.Count);

    /// <summary>Puts an item, waiting while the queue is full; fails with <see cref="QueueShutDownException"/> once the queue is shut down.</summary>
    /// <param name="item">The item to put.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled put has not inserted the item.</param>
    /// <returns>A task that completes when the item is in the queue (or handed to a waiting getter).</returns>
    public ValueTask PutAsync(T item, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Waiter<T>? spare = null;
        if (_maxSize > 0 && _count >= _maxSize)
        {
            SpinBeforeWaiting(forPut: true);
            spare = NewWaiterIfNeeded(_pooledPutter, isPutter: true, cancellationToken);
        }

        Waiter<T>? getter = null;
        Waiter<T>? putter = null;
        _lock.Enter();
        try
        {
            AssertInvariants();
            if (_isShutDown)
            {
                goto ShutDown;
            }

            getter = _getters.TakeOldest();
            if (getter is not null)
            {
                _unfinishedTasks++;
            }
            else if (_maxSize <= 0 || _count < _maxSize || (_store is not null && _store.Merges(item)))
            {
                Insert(item);
            }
            else
            {
                putter = spare ?? WaiterUnderLock(ref _pooledPutter, isPutter: true, cancellationToken);
                putter.Item = item;
                _putters.Append(putter);
            }
        }
        finally
        {
            _lock.Exit();
        }

        if (putter is null)
        {
            getter?.SetResult(item); // outside the lock: it schedules the getter's continuation
            return default;
        }

        if (cancellationToken.CanBeCanceled)
        {
            putter.RegisterCancellation(cancellationToken);
        }

        return putter.AsVoidValueTask();

    ShutDown:
        return ValueTask.FromException(new QueueShutDownException());
    }

    /// <summary>Puts an item if there is room at once; returns false when the queue is full.</summary>
    /// <param name="item">The item to put.</param>
    /// <returns>True if the item was put (or handed to a waiting getter).</returns>
    /// <exception cref="QueueShutDownException">The queue has been shut down.</exception>
    public bool TryPut(T item)
    {
        Waiter<T>? getter;
        _lock.Enter();
        try
        {
            AssertInvariants();
            if (_isShutDown)
            {
                goto ShutDown;
            }

            getter = _getters.TakeOldest();
            if (getter is not null)
            {
                _unfinishedTasks++;
            }
            else if (_maxSize > 0 && _count >= _maxSize && (_store is null || !_store.Merges(item)))
            {
                return false;
            }
            else
            {
                Insert(item);
                return true;
            }
        }
        finally
        {
            _lock.Exit();
        }

        getter.SetResult(item);
        return true;

    ShutDown:
        throw new QueueShutDownException();
    }

    /// <summary>Removes and returns the next item, waiting while the queue is empty; fails with <see cref="QueueShutDownException"/> once the queue is shut down and empty.</summary>
    /// <param name="cancellationToken">Cancels the wait; a cancelled get has not removed any item.</param>
    /// <returns>The item.</returns>
    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        Waiter<T>? spare = null;
        if (_count == 0)
        {
            SpinBeforeWaiting(forPut: false);
            spare = NewWaiterIfNeeded(_pooledGetter, isPutter: false, cancellationToken);
        }

        Waiter<T>? admitted = null;
        Waiter<T>? getter = null;
        T item = default!;
        _lock.Enter();
        try
        {
            AssertInvariants();
            if (_count > 0)
            {
                item = Remove(out admitted);
            }
            else if (_isShutDown)
            {
                goto ShutDown;
            }
            else
            {
                getter = spare ?? WaiterUnderLock(ref _pooledGetter, isPutter: false, cancellationToken);
                _getters.Append(getter);
            }
        }
        finally
        {
            _lock.Exit();
        }

        if (getter is null)
        {
            CompleteAdmitted(admitted);
            return new ValueTask<T>(item);
        }

        if (cancellationToken.CanBeCanceled)
        {
            getter.RegisterCancellation(cancellationToken);
        }

        return getter.AsValueTask();

    ShutDown:
        return ValueTask.FromException<T>(new QueueShutDownException());
    }

    /// <summary>Removes the next item if there is one; returns false when the queue is empty.</summary>
    /// <param name="item">The item removed, or the default value.</param>
    /// <returns>True if an item was removed.</returns>
    /// <exception cref="QueueShutDownException">The queue has been shut down and is empty.</exception>
    public bool TryGet(out T item)
    {
        Waiter<T>? admitted;
        _lock.Enter();
        try
        {
            AssertInvariants();
            if (_count == 0)
            {
                item = default!;
                if (_isShutDown)
                {
                    goto ShutDown;
                }

                return false;
            }

            item = Remove(out admitted);
        }
        finally
        {
            _lock.Exit();
        }

        CompleteAdmitted(admitted);
        return true;

    ShutDown:
        throw new QueueShutDownException();
    }

    /// <summary>
    /// Removes up to <paramref name="max"/> items at once, under one acquisition of the lock, and appends them to
    /// <paramref name="items"/>; returns how many (none when the queue is empty). A consumer that handles items in groups
    /// pays for the lock, and for the cache line the producer also writes, once per group instead of once per item.
    /// </summary>
    /// <param name="items">Receives the items, in the queue's order.</param>
    /// <param name="max">The most items to take.</param>
    /// <returns>The number of items taken.</returns>
    /// <exception cref="QueueShutDownException">The queue has been shut down and is empty.</exception>
    public int TryGetMany(ICollection<T> items, int max)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        List<Waiter<T>>? admittedChains = null;
        int taken = 0;
        _lock.Enter();
        try
        {
            AssertInvariants();
            if (_count == 0 && _isShutDown)
            {
                goto ShutDown;
            }

            while (taken < max && _count > 0)
            {
                items.Add(Remove(out Waiter<T>? admitted));
                taken++;
                if (admitted is not null)
                {
                    (admittedChains ??= []).Add(admitted);
                }
            }
        }
        finally
        {
            _lock.Exit();
        }

        if (admittedChains is not null)
        {
            foreach (Waiter<T> chain in admittedChains)
            {
                CompleteAdmitted(chain);
            }
        }

        return taken;

    ShutDown:
        throw new QueueShutDownException();
    }

    /// <summary>Marks one item as processed; <see cref="JoinAsync"/> completes when every item put has been marked.</summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put.</exception>
    public void TaskDone()
    {
        TaskCompletionSource? allDone = null;
        _lock.Enter();
        try
        {
            if (_unfinishedTasks <= 0)
            {
                goto TooMany;
            }

            if (--_unfinishedTasks == 0)
            {
                allDone = _allTasksDone;
                _allTasksDone = null;
            }
        }
        finally
        {
            _lock.Exit();
        }

        allDone?.TrySetResult();
        return;

    TooMany:
        throw new InvalidOperationException("TaskDone() was called more times than items were put.");
    }

    /// <summary>Waits until every item put has been marked done; completes at once when none is unfinished.</summary>
    /// <param name="cancellationToken">Stops waiting; cancelling has no effect on the queue.</param>
    /// <returns>A task that completes when <see cref="UnfinishedTasks"/> reaches zero.</returns>
    public Task JoinAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (Volatile.Read(ref _unfinishedTasks) == 0)
        {
            return Task.CompletedTask;
        }

        var candidate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task allDone;
        _lock.Enter();
        try
        {
            if (_unfinishedTasks == 0)
            {
                return Task.CompletedTask;
            }

            allDone = (_allTasksDone ??= candidate).Task;
        }
        finally
        {
            _lock.Exit();
        }

        return cancellationToken.CanBeCanceled ? allDone.WaitAsync(cancellationToken) : allDone;
    }

    /// <summary>
    /// Shuts the queue down for good: puts fail from now on, blocked putters fail, and gets drain
    /// what is left, then fail. With <paramref name="immediate"/>, the buffered items are discarded
    /// at once (each counting as done) and blocked getters fail too.
    /// </summary>
    /// <param name="immediate">Discard the buffered items instead of letting getters drain them.</param>
    public void Shutdown(bool immediate = false)
    {
        Waiter<T>? getters, putters;
        TaskCompletionSource? allDone = null;
        _lock.Enter();
        try
        {
            AssertInvariants();
            _isShutDown = true;
            if (immediate)
            {
                int discarded = _store is null ? _ring.Clear() : _store.Clear();
                _count = 0;
                _unfinishedTasks = Math.Max(0, _unfinishedTasks - discarded);
                if (_unfinishedTasks == 0)
                {
                    allDone = _allTasksDone;
                    _allTasksDone = null;
                }
            }

            // Getters wait only on an empty buffer, which stays empty once no put can succeed.
            getters = _getters.TakeAll();
            putters = _putters.TakeAll();
        }
        finally
        {
            _lock.Exit();
        }

        FailAll(getters);
        FailAll(putters);
        allDone?.TrySetResult();
    }

    /// <summary>
    /// Reads items until the queue is shut down and drained. The caller still marks each item with
    /// <see cref="TaskDone"/> when it has processed it.
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration; a cancelled wait has not removed any item.</param>
    /// <returns>The items, in the queue's order.</returns>
    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            T item;
            try
            {
                item = await GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (QueueShutDownException)
            {
                yield break;
            }

            yield return item;
        }
    }

    /// <summary>The buffered items in the order they would come out; a snapshot for diagnostics.</summary>
    /// <returns>A new array.</returns>
    public T[] ToArray() => Locked(static q => q._store is null ? q._ring.ToArray() : q._store.ToArray());

    /// <summary>Describes the queue in the style of asyncio's repr.</summary>
    /// <returns>For example <c>AsyncQueue maxSize=2 count=2 tasks=2 shutdown</c>.</returns>
    public override string ToString()
    {
        var (count, getters, putters, tasks) = Locked(static q => (q._count, q._getters.Count, q._putters.Count, q._unfinishedTasks));
        var text = new System.Text.StringBuilder(GetType().Name.Split('`')[0]).Append(" maxSize=").Append(_maxSize);
        if (count > 0) text.Append(" count=").Append(count);
        if (getters > 0) text.Append(" getters=").Append(getters);
        if (putters > 0) text.Append(" putters=").Append(putters);
        if (tasks > 0) text.Append(" tasks=").Append(tasks);
        if (_isShutDown) text.Append(" shutdown");
        return text.ToString();
    }

    void IWaiterOwner<T>.Cancel(Waiter<T> waiter)
    {
        _lock.Enter();
        try
        {
            if (!waiter.IsQueued)
            {
                return; // already handed over or failed by shutdown: the cancellation came too late
            }

            if (waiter.IsPutter)
            {
                _putters.Remove(waiter);
            }
            else
            {
                _getters.Remove(waiter);
            }
        }
        finally
        {
            _lock.Exit();
        }

        waiter.SetCanceled();
    }

    void IWaiterOwner<T>.Return(Waiter<T> waiter)
    {
        // Outside the lock; a later wait either sees the node here or allocates another.
        if (waiter.IsPutter)
        {
            Volatile.Write(ref _pooledPutter, waiter);
        }
        else
        {
            Volatile.Write(ref _pooledGetter, waiter);
        }
    }

    /// <summary>
    /// Adds an item to the buffer and counts it as unfinished; false when a coalescing store merged it into an item already
    /// waiting, which takes no slot and adds no unfinished task (the one item is marked done once). Called under the lock.
    /// </summary>
    private bool Insert(T item)
    {
        // First: a throwing comparer, key selector or merge must leave the counts unchanged.
        if (_store is null)
        {
            _ring.Add(item);
        }
        else if (!_store.Add(item))
        {
            return false;
        }

        int count = ++_count;
        if (count > _peakCount)
        {
            _peakCount = count;
        }

        _unfinishedTasks++;
        return true;
    }

    /// <summary>
    /// Takes the next item and, if a putter was blocked on the full buffer, moves its item in at
    /// once, so that the freed slot cannot be taken by a newcomer. Called under the lock; the caller
    /// completes the returned chain of putters (linked through Next) after releasing it.
    /// </summary>
    private T Remove(out Waiter<T>? admitted)
    {
        T item = _store is null ? _ring.Take() : _store.Take();
        _count--;
        admitted = null;
        Waiter<T>? lastAdmitted = null;
        bool slotTaken = false;
        while (_putters.Oldest is { } oldest)
        {
            // After the freed slot is taken, the putters right behind whose items merge into waiting ones (a coalescing
            // queue) need no slot, and are let in too; the first that needs one waits for the next get.
            if (slotTaken && !MergesQuietly(oldest.Item))
            {
                break;
            }

            Waiter<T> putter = _putters.TakeOldest()!;
            if (lastAdmitted is null)
            {
                admitted = putter;
            }
            else
            {
                lastAdmitted.Next = putter;
            }

            lastAdmitted = putter;
            try
            {
                slotTaken |= Insert(putter.Item);
            }
            catch (Exception exception)
            {
                // Only a priority queue's comparer or a coalescing queue's key or merge can throw here: that put fails, and the slot
                // goes to the next putter so that nobody waits on a buffer that is not full.
                putter.Failure = exception;
            }
        }

        return item;
    }

    /// <summary>Whether a coalescing store would merge the item; a key selector that throws is asked again when the item's put gets a slot.</summary>
    private bool MergesQuietly(T item)
    {
        try
        {
            return _store is not null && _store.Merges(item);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>Completes the putters admitted by <see cref="Remove"/>; called outside the lock.</summary>
    private static void CompleteAdmitted(Waiter<T>? chain)
    {
        while (chain is not null)
        {
            Waiter<T>? next = chain.Next;
            chain.Next = null;
            if (chain.Failure is { } failure)
            {
                chain.SetException(failure);
            }
            else
            {
                chain.SetResult(default!);
            }

            chain = next;
        }
    }

    private static void FailAll(Waiter<T>? chain)
    {
        while (chain is not null)
        {
            Waiter<T>? next = chain.Next;
            chain.Next = chain.Previous = null;
            chain.SetException(new QueueShutDownException());
            chain = next;
        }
    }

    /// <summary>
    /// Spins for a few microseconds while a get would have to wait (or a put on a full queue).
    /// Parking a caller and waking it through the thread pool costs far more than a short spin, and
    /// when the other side is running on another core the item (or slot) usually arrives within it.
    /// The spinning caller is not a waiter yet, so it cannot overtake one: items go to registered
    /// waiters first, and the buffer stays empty (or full) while any are registered.
    /// </summary>
    /// <remarks>
    /// Spinning pays only while the other side is running. On a machine with more runnable threads than cores it is often
    /// descheduled, and a spin then burns the time slice it needs: a 3-stage pipeline under four busy loops on two cores
    /// ran at half the speed of a Channels chain, and at its speed without spinning. So spinning is adaptive, like an
    /// adaptive mutex's: each spin that ends without the item costs credit, each one that gets it earns some back, and a
    /// queue out of credit waits without spinning for the next 64 waits, then tries again.
    /// </remarks>
    private void SpinBeforeWaiting(bool forPut)
    {
        if (!_spinBeforeWaiting)
        {
            return;
        }

        int credit = _spinCredit;
        if (credit < 0)
        {
            _spinCredit = credit + 1;
            return;
        }

        var spinner = default(SpinWait);
        while (!spinner.NextSpinWillYield && !_isShutDown)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (forPut ? _count < _maxSize : _count > 0)
            {
                _spinCredit = Math.Min(credit + 1, 8);
                return;
            }
        }

        _spinCredit = credit >= 2 ? credit - 2 : -64;
    }

    /// <summary>
    /// Allocates, before taking the lock, the node a wait will probably need: a cancellable wait
    /// always gets a fresh one (a late cancellation callback may still touch it after its caller has
    /// moved on), a plain wait only when the pooled one is in use.
    /// </summary>
    private Waiter<T>? NewWaiterIfNeeded(Waiter<T>? pooled, bool isPutter, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            return new Waiter<T>(this, isPutter, pooled: false);
        }

        return pooled is null ? new Waiter<T>(this, isPutter, pooled: true) : null;
    }

    /// <summary>
    /// The node for a wait that found, only under the lock, that it has to wait (the buffer filled or emptied since the check
    /// before it). A cancellable wait must never take the pooled node: once recycled, the node would be queued again for a
    /// caller that cannot be cancelled, and a cancellation callback of the earlier wait that was already running when that
    /// wait ended (Unregister cannot stop it) would find the node queued and cancel the wrong caller.
    /// </summary>
    private Waiter<T> WaiterUnderLock(ref Waiter<T>? pooled, bool isPutter, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            return new Waiter<T>(this, isPutter, pooled: false);
        }

        Waiter<T>? node = pooled;
        pooled = null;
        return node ?? new Waiter<T>(this, isPutter, pooled: true);
    }

    private TResult Locked<TResult>(Func<AsyncQueue<T>, TResult> read)
    {
        _lock.Enter();
        try
        {
            return read(this);
        }
        finally
        {
            _lock.Exit();
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_lock.IsHeld, "Invariants are checked under the lock.");
        Debug.Assert(_count >= 0 && (_maxSize <= 0 || _count <= _maxSize), "The buffer never overfills.");
        Debug.Assert(_getters.Count == 0 || _count == 0, "Getters wait only while the buffer is empty.");
        Debug.Assert(_putters.Count == 0 || (_maxSize > 0 && _count >= _maxSize), "Putters wait only while the buffer is full.");
        Debug.Assert(_unfinishedTasks >= 0, "Unfinished tasks never go negative.");
        Debug.Assert(!_isShutDown || (_getters.Count == 0 && _putters.Count == 0), "Nobody waits on a shut-down queue.");
    }
}
