using Bookline.Pipelines.Running;
using Bookline.Pipelines.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Bookline.Pipelines.Tests.Running;

/// <summary>The in-memory queue of a batch stage: batches by size and by age, backpressure, cancellation, completion and abandon.</summary>
public sealed class GroupingWorkQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task FullBatchesGoInTheOrderTheirItemsWerePut()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 30, size: 3);
        for (int i = 0; i < 9; i++)
        {
            await queue.EnqueueAsync(i);
        }

        Assert.Equal(9, queue.Count);
        Assert.Equal(new[] { 0, 1, 2 }, await queue.TakeBatchAsync());
        Assert.Equal(new[] { 3, 4, 5 }, await queue.TakeBatchAsync());
        Assert.Equal(new[] { 6, 7, 8 }, await queue.TakeBatchAsync());
        Assert.Equal(0, queue.Count);
        Assert.Equal(9, queue.PeakCount);
    }

    [Fact]
    public async Task APartBatchGoesWhenItsFirstItemHasWaitedTheDelayOnTheClock()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 30, size: 10, delay: TimeSpan.FromSeconds(2));
        await queue.EnqueueAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await queue.EnqueueAsync(2);
        ValueTask<int[]> take = queue.TakeBatchAsync();

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(take.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1)); // two seconds after the first item, not the second

        Assert.Equal(new[] { 1, 2 }, await take.AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task APutThatSealsABatchNoWorkerHasRoomForWaitsUntilOneIsTaken()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 2, size: 2); // room for one ready batch
        for (int i = 0; i < 3; i++)
        {
            await queue.EnqueueAsync(i);
        }

        ValueTask blocked = queue.EnqueueAsync(3); // seals [2, 3]: pending behind [0, 1]
        Assert.False(blocked.IsCompleted);

        Assert.Equal(new[] { 0, 1 }, await queue.TakeBatchAsync());
        await blocked.AsTask().WaitAsync(Bound);
        Assert.Equal(new[] { 2, 3 }, await queue.TakeBatchAsync());
    }

    [Fact]
    public async Task ACancelledPutTakesBackOnlyItsOwnItemAndTheBatchStillGoesInOrder()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 2, size: 2);
        for (int i = 0; i < 3; i++)
        {
            await queue.EnqueueAsync(i);
        }

        using var cancel = new CancellationTokenSource();
        ValueTask blocked = queue.EnqueueAsync(3, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.AsTask().WaitAsync(Bound));
        Assert.Equal(3, queue.Count);
        await queue.EnqueueAsync(4); // a new batch, behind the pending one
        Assert.Equal(new[] { 0, 1 }, await queue.TakeBatchAsync());
        Assert.Equal(new[] { 2 }, await queue.TakeBatchAsync());
        queue.Complete();
        Assert.Equal(new[] { 4 }, await queue.TakeBatchAsync());
        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => queue.TakeBatchAsync().AsTask());
    }

    [Fact]
    public async Task WithNoDelayABatchGoesAsSoonAsAWorkerHasRoomAndGrowsWhileNoneHas()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 10, size: 10, delay: TimeSpan.Zero); // room for one ready batch
        await queue.EnqueueAsync(0); // room: goes alone
        await queue.EnqueueAsync(1);
        await queue.EnqueueAsync(2); // no room: these two wait together

        Assert.Equal(new[] { 0 }, await queue.TakeBatchAsync());
        Assert.Equal(new[] { 1, 2 }, await queue.TakeBatchAsync());
    }

    [Fact]
    public async Task CompletingSendsThePartBatchAndEndsTheTakesOnceDrained()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 10, size: 4);
        for (int i = 0; i < 6; i++)
        {
            await queue.EnqueueAsync(i);
        }

        queue.Complete();

        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => queue.EnqueueAsync(9).AsTask());
        Assert.Equal(new[] { 0, 1, 2, 3 }, await queue.TakeBatchAsync());
        Assert.Equal(new[] { 4, 5 }, await queue.TakeBatchAsync());
        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => queue.TakeBatchAsync().AsTask());
    }

    [Fact]
    public async Task AbandoningReturnsEveryAcceptedItemAndFailsTheWaitingPutForItsOwn()
    {
        GroupingWorkQueue<int> queue = Create(capacity: 2, size: 2);
        for (int i = 0; i < 3; i++)
        {
            await queue.EnqueueAsync(i);
        }

        ValueTask blocked = queue.EnqueueAsync(3); // pending with [2, 3]
        await queue.EnqueueAsync(4); // filling

        IReadOnlyList<int> abandoned = queue.Abandon();

        // 3 is not the queue's: its put fails, and its caller reports it.
        Assert.Equal([0, 1, 2, 4], abandoned.Order());
        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => blocked.AsTask().WaitAsync(Bound));
        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => queue.TakeBatchAsync().AsTask());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ManyPuttersAndTakersDeliverEveryItemOnceWithinTheBound()
    {
        const int Putters = 4, PerPutter = 5_000, Size = 7;
        GroupingWorkQueue<int> queue = Create(capacity: 14, size: Size, delay: TimeSpan.Zero, clock: TimeProvider.System);
        int taken = 0;
        var seen = new bool[Putters * PerPutter];
        Task[] putters = [.. Enumerable.Range(0, Putters).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < PerPutter; i++)
            {
                await queue.EnqueueAsync((p * PerPutter) + i);
            }
        }))];
        Task[] takers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                int[] batch;
                try
                {
                    batch = await queue.TakeBatchAsync();
                }
                catch (WorkQueueCompletedException)
                {
                    return;
                }

                Assert.InRange(batch.Length, 1, Size);
                Assert.True(batch.GroupBy(x => x / PerPutter).All(g => g.SequenceEqual(g.Order())), "a putter's items out of order in a batch");
                lock (seen)
                {
                    foreach (int item in batch)
                    {
                        Assert.False(seen[item], $"{item} was taken twice");
                        seen[item] = true;
                        taken++;
                    }
                }
            }
        }))];

        await Task.WhenAll(putters).WaitAsync(Bound);
        queue.Complete();
        await Task.WhenAll(takers).WaitAsync(Bound);

        Assert.Equal(Putters * PerPutter, taken);
        Assert.InRange(queue.PeakCount, 1, 14 + Size + (Putters * Size)); // ready, filling, and a pending batch per putter at most
    }

    private GroupingWorkQueue<int> Create(int capacity, int size, TimeSpan? delay = null, TimeProvider? clock = null) =>
        new("batch", capacity, new BatchOptions { Size = size, MaxDelay = delay ?? TimeSpan.FromSeconds(1) }, clock ?? _time);
}
