using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace Bookline.Queues.Waiting;

/// <summary>
/// One blocked <c>GetAsync</c> or <c>PutAsync</c>: a node of the queue's intrusive waiter list and the
/// source of the <see cref="ValueTask"/> its caller awaits.
/// </summary>
/// <remarks>
/// Ownership rule that makes cancellation all-or-nothing: whoever removes the node from its list
/// under the queue's lock — a put or get handing over, <c>Shutdown</c>, or the cancellation
/// callback — is the only one allowed to complete it. A cancellation that finds the node already
/// gone has lost the race, and the caller receives the item (or its put took effect).
/// </remarks>
internal sealed class Waiter<T> : IValueTaskSource<T>, IValueTaskSource, IThreadPoolWorkItem
{
    private readonly IWaiterOwner<T> _owner;
    private readonly bool _pooled;
    private readonly TaskCompletionSource<T>? _taskSource;
    private ManualResetValueTaskSourceCore<T> _core;
    private CancellationTokenRegistration _registration;
    private Exception? _exception; // the outcome to deliver when the completion work item runs

    public Waiter(IWaiterOwner<T> owner, bool isPutter, bool pooled)
    {
        _owner = owner;
        IsPutter = isPutter;
        // Continuations never run inline in whoever completes the waiter (a producer inside
        // PutAsync, or Shutdown): completion is a work item on the global thread-pool queue, which
        // then runs the continuation itself. The global queue, not the completer's local one, so
        // that a busy producer does not sit on the consumer it just woke.
        _core.RunContinuationsAsynchronously = false;
        if (QueueTestHooks.UseTaskWaiters)
        {
            // The systematic tests cannot see through custom value-task sources; a task they can.
            _taskSource = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else
        {
            _pooled = pooled;
        }
    }

    /// <summary>True for a blocked putter, false for a blocked getter.</summary>
    public bool IsPutter { get; }

    /// <summary>A putter's item to insert; a getter's item is passed to <see cref="SetResult"/>.</summary>
    public T Item { get; set; } = default!;

    /// <summary>Why an admitted putter's item could not be inserted (the comparer threw), or null.</summary>
    public Exception? Failure { get; set; }

    /// <summary>The token that may cancel this wait (default for a pooled waiter).</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>Next (younger) waiter in the list; guarded by the queue's lock.</summary>
    public Waiter<T>? Next { get; set; }

    /// <summary>Previous (older) waiter in the list; guarded by the queue's lock.</summary>
    public Waiter<T>? Previous { get; set; }

    /// <summary>True while the node is in a waiter list; guarded by the queue's lock.</summary>
    public bool IsQueued { get; set; }

    /// <summary>Arms cancellation. Called outside the lock, after the node was queued.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        Debug.Assert(!_pooled, "A pooled node is reused, so a late cancellation callback could cancel its next caller.");
        CancellationToken = cancellationToken;
        // If the token is already cancelled the callback runs here, synchronously; it takes the lock
        // itself, which is why this is never called while holding it.
        _registration = cancellationToken.UnsafeRegister(
            static state => ((Waiter<T>)state!)._owner.Cancel((Waiter<T>)state!), this);
    }

    public ValueTask<T> AsValueTask() =>
        _taskSource is null ? new ValueTask<T>(this, _core.Version) : new ValueTask<T>(_taskSource.Task);

    public ValueTask AsVoidValueTask() =>
        _taskSource is null ? new ValueTask(this, _core.Version) : new ValueTask(_taskSource.Task);

    public void SetResult(T item)
    {
        if (_taskSource is null)
        {
            Item = item;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        else
        {
            _taskSource.SetResult(item);
        }
    }

    public void SetException(Exception exception)
    {
        if (_taskSource is null)
        {
            _exception = exception;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        else
        {
            _taskSource.SetException(exception);
        }
    }

    public void SetCanceled()
    {
        if (_taskSource is null)
        {
            SetException(new OperationCanceledException(CancellationToken));
        }
        else
        {
            _taskSource.SetCanceled(CancellationToken);
        }
    }

    /// <summary>Runs on a thread-pool thread: delivers the outcome, running the awaiter's continuation here.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        if (_exception is { } exception)
        {
            _exception = null;
            _core.SetException(exception);
        }
        else
        {
            _core.SetResult(Item);
        }
    }

    public T GetResult(short token)
    {
        EnsureCompleted(token);
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        EnsureCompleted(token);
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>
    /// Rejects a stale token (a value task awaited twice) or a result read before completion, before
    /// <see cref="Release"/> could recycle a node that is still in use.
    /// </summary>
    private void EnsureCompleted(short token)
    {
        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("The queue operation has not completed yet; await it instead of reading its result.");
        }
    }

    private void Release()
    {
        // Never Dispose: it may block until a running callback ends. The callback is idempotent
        // (it finds the node gone and does nothing), and a cancellable node is never reused.
        _registration.Unregister();
        if (_pooled)
        {
            Item = default!;
            Failure = null;
            _core.Reset();
            _owner.Return(this);
        }
    }
}
