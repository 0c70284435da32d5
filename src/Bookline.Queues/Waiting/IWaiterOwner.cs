namespace Bookline.Queues.Waiting;

/// <summary>The queue a <see cref="Waiter{T}"/> belongs to.</summary>
internal interface IWaiterOwner<T>
{
    /// <summary>Called by the cancellation callback; removes the waiter if it is still queued.</summary>
    void Cancel(Waiter<T> waiter);

    /// <summary>Gives a pooled waiter back after its caller has consumed the result.</summary>
    void Return(Waiter<T> waiter);
}
