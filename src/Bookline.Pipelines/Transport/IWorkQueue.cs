namespace Bookline.Pipelines.Transport;

/// <summary>
/// The queue in front of a pipeline stage: the seam between the pipeline and where its items live
/// (in memory, or a broker shared by workers in other processes).
/// </summary>
/// <typeparam name="T">The type of the items.</typeparam>
public interface IWorkQueue<T>
{
    /// <summary>The stage this queue feeds.</summary>
    string Name { get; }

    /// <summary>The most items the queue holds before <see cref="EnqueueAsync"/> waits.</summary>
    int Capacity { get; }

    /// <summary>Items waiting to be delivered (best effort for a remote queue).</summary>
    int Count { get; }

    /// <summary>The most items seen waiting at once (best effort for a remote queue).</summary>
    int PeakCount { get; }

    /// <summary>
    /// Adds an item, waiting while the queue is full; fails with <see cref="WorkQueueCompletedException"/>
    /// after <see cref="Complete"/>, and with <see cref="WorkQueueUnavailableException"/> when the queue
    /// cannot take items now (not the item's fault: the stage keeps its item and stops its run).
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled enqueue added nothing.</param>
    /// <returns>A task that completes once the queue has accepted the item.</returns>
    ValueTask EnqueueAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Takes the next item for processing; fails with <see cref="WorkQueueCompletedException"/> once completed and drained.</summary>
    /// <param name="cancellationToken">Cancels the wait; a cancelled dequeue took nothing.</param>
    /// <returns>The delivery, to be settled with <see cref="Acknowledge"/> or <see cref="RejectAsync"/>.</returns>
    ValueTask<Delivery<T>> DequeueAsync(CancellationToken cancellationToken = default);

    /// <summary>Settles a delivery as done: the item leaves the queue for good.</summary>
    /// <param name="delivery">The delivery to settle.</param>
    void Acknowledge(in Delivery<T> delivery);

    /// <summary>Settles a delivery as not done: requeued for another delivery, or dropped.</summary>
    /// <param name="delivery">The delivery to settle.</param>
    /// <param name="requeue">True to deliver the item again; false to drop it (the caller records it first).</param>
    /// <param name="cancellationToken">Stops waiting for room to requeue; the item is then not requeued (the caller has counted it).</param>
    /// <returns>A task that completes once the queue has settled the delivery.</returns>
    ValueTask RejectAsync(Delivery<T> delivery, bool requeue, CancellationToken cancellationToken = default);

    /// <summary>Says that no more items will be enqueued: dequeuers drain what is left, then fail.</summary>
    void Complete();

    /// <summary>Drops every item not yet delivered and returns them, so that the caller can report them.</summary>
    /// <returns>The items that were waiting.</returns>
    IReadOnlyList<T> Abandon();
}
