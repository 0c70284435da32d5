namespace Bookline.Queues.Tests;

/// <summary>
/// The behaviour every queue kind shares (asyncio's contract plus fairness, cancellation and
/// thread-safety guarantees), run once per kind by the derived classes.
/// </summary>
/// <remarks>
/// A GetAsync or PutAsync called directly from the test registers its waiter before it returns,
/// so "a getter is waiting" needs no polling: it holds as soon as the call returns incomplete.
/// </remarks>
public abstract class QueueContractTests
{
    protected abstract AsyncQueue<int> Create(int maxSize = 0);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-5)]
    public void MaxSizeZeroOrLessIsUnbounded(int maxSize)
    {
        var queue = Create(maxSize);
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(queue.TryPut(i));
        }

        Assert.Equal(maxSize, queue.MaxSize);
        Assert.Equal(1000, queue.Count);
        Assert.False(queue.IsFull);
    }

    [Fact]
    public void EmptyAndFullFollowTheBuffer()
    {
        var queue = Create(2);
        Assert.True(queue.IsEmpty);
        Assert.False(queue.IsFull);
        queue.TryPut(1);
        Assert.False(queue.IsEmpty);
        Assert.False(queue.IsFull);
        queue.TryPut(2);
        Assert.True(queue.IsFull);
        Assert.False(queue.TryPut(3));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public async Task CountExcludesBlockedPuttersAndItemsTakenButNotDone()
    {
        var queue = Create(1);
        await queue.PutAsync(1);
        ValueTask blocked = queue.PutAsync(2);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.UnfinishedTasks); // the blocked put has not happened yet

        Assert.True(queue.TryGet(out _)); // admits the blocked putter
        await blocked.Within();
        Assert.Equal(1, queue.Count);
        Assert.Equal(2, queue.UnfinishedTasks);

        Assert.True(queue.TryGet(out _));
        Assert.Equal(0, queue.Count);
        Assert.Equal(2, queue.UnfinishedTasks);
    }

    [Fact]
    public async Task EverySuccessfulPutCountsAsUnfinishedUntilTaskDone()
    {
        var queue = Create();
        await queue.PutAsync(1);
        queue.TryPut(2);
        Assert.Equal(2, queue.UnfinishedTasks);
        queue.TaskDone();
        Assert.Equal(1, queue.UnfinishedTasks);
        queue.TaskDone();
        Assert.Equal(0, queue.UnfinishedTasks);
    }

    [Fact]
    public void TaskDoneAtZeroThrows()
    {
        var queue = Create();
        Assert.Throws<InvalidOperationException>(queue.TaskDone);
        queue.TryPut(1);
        queue.TaskDone();
        Assert.Throws<InvalidOperationException>(queue.TaskDone);
        Assert.Equal(0, queue.UnfinishedTasks);
    }

    [Fact]
    public async Task HandOffToAWaitingGetterCountsAsUnfinished()
    {
        var queue = Create();
        ValueTask<int> getter = queue.GetAsync();
        queue.TryPut(7);
        Assert.Equal(7, await getter.Within());
        Assert.Equal(1, queue.UnfinishedTasks);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task JoinCompletesAtOnceWhenNothingIsUnfinished()
    {
        var queue = Create();
        Assert.True(queue.JoinAsync().IsCompletedSuccessfully);
        queue.TryPut(1);
        queue.TryGet(out _);
        queue.TaskDone();
        Assert.True(queue.JoinAsync().IsCompletedSuccessfully);
        await queue.JoinAsync().Within();
    }

    [Fact]
    public async Task JoinCompletesWhenTheLastItemIsDoneAndReleasesEveryJoiner()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        Task[] joiners = [queue.JoinAsync(), queue.JoinAsync(), queue.JoinAsync()];
        queue.TryGet(out _);
        queue.TaskDone();
        Assert.All(joiners, j => Assert.False(j.IsCompleted));
        queue.TryGet(out _);
        queue.TaskDone();
        await Task.WhenAll(joiners).Within();
    }

    [Fact]
    public async Task JoinWaitsAgainAfterNewPuts()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TaskDone();
        queue.TryPut(2);
        Task join = queue.JoinAsync();
        Assert.False(join.IsCompleted);
        queue.TaskDone();
        await join.Within();
    }

    [Fact]
    public async Task CancelledJoinHasNoEffect()
    {
        var queue = Create();
        queue.TryPut(1);
        using var cts = new CancellationTokenSource();
        Task join = queue.JoinAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => join.Within());
        Assert.Equal(1, queue.UnfinishedTasks);
        Task other = queue.JoinAsync();
        queue.TaskDone();
        await other.Within();
    }

    [Fact]
    public async Task PreCancelledTokensThrowWithoutEffectEvenWhenTheyCouldComplete()
    {
        var queue = Create(5);
        queue.TryPut(1);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.PutAsync(2, cts.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(cts.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.JoinAsync(cts.Token));
        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.UnfinishedTasks);
        Assert.Equal([1], queue.ToArray());
    }

    [Fact]
    public async Task CancelledGetterTakesNothingAndTheNextItemGoesToTheNextGetter()
    {
        var queue = Create();
        using var cts = new CancellationTokenSource();
        ValueTask<int> cancelled = queue.GetAsync(cts.Token);
        ValueTask<int> second = queue.GetAsync();
        Assert.Equal(2, queue.WaitingGetters);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.Equal(1, queue.WaitingGetters);

        queue.TryPut(5);
        Assert.Equal(5, await second.Within());
        Assert.Equal(0, queue.WaitingGetters);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task CancelledPutterInsertsNothingAndLaterPuttersKeepTheirOrder()
    {
        var queue = Create(1);
        queue.TryPut(1);
        using var cts = new CancellationTokenSource();
        ValueTask p2 = queue.PutAsync(2);
        ValueTask cancelled = queue.PutAsync(43, cts.Token);
        ValueTask p3 = queue.PutAsync(3);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.Equal(2, queue.WaitingPutters);

        var taken = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            taken.Add(await queue.GetAsync().Within());
        }

        await p2.Within();
        await p3.Within();
        Assert.Equal([1, 2, 3], taken); // one slot: every kind hands them out in admission order
        Assert.Equal(3, queue.UnfinishedTasks);
        Assert.False(queue.TryGet(out _));
    }

    [Fact]
    public async Task WaitingGettersAreServedOldestFirst()
    {
        var queue = Create();
        ValueTask<int>[] getters = [queue.GetAsync(), queue.GetAsync(), queue.GetAsync()];
        queue.TryPut(10);
        queue.TryPut(20);
        queue.TryPut(30);
        Assert.Equal(10, await getters[0].Within());
        Assert.Equal(20, await getters[1].Within());
        Assert.Equal(30, await getters[2].Within());
    }

    [Fact]
    public async Task ANewcomerCannotTakeAnItemMeantForAWaitingGetter()
    {
        var queue = Create();
        ValueTask<int> waiting = queue.GetAsync();
        queue.TryPut(1);
        Assert.False(queue.TryGet(out _)); // asyncio would let this barge in (CPython gh-83055)
        Assert.Equal(1, await waiting.Within());
    }

    [Fact]
    public async Task ANewcomerCannotTakeASlotFreedForAWaitingPutter()
    {
        var queue = Create(1);
        queue.TryPut(1);
        ValueTask waiting = queue.PutAsync(2);
        Assert.True(queue.TryGet(out int first));
        Assert.Equal(1, first);
        Assert.False(queue.TryPut(99)); // the freed slot already holds the waiting putter's item
        await waiting.Within();
        Assert.True(queue.TryGet(out int second));
        Assert.Equal(2, second);
    }

    [Fact]
    public async Task BlockedPuttersAreAdmittedOldestFirst()
    {
        var queue = Create(1);
        queue.TryPut(0);
        ValueTask[] putters = [queue.PutAsync(1), queue.PutAsync(2), queue.PutAsync(3)];
        var taken = new List<int>();
        for (int i = 0; i < 4; i++)
        {
            taken.Add(await queue.GetAsync().Within());
        }

        foreach (ValueTask putter in putters)
        {
            await putter.Within();
        }

        Assert.Equal([0, 1, 2, 3], taken);
    }

    [Fact]
    public async Task PutWaitsExactlyWhenFull()
    {
        var queue = Create(3);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(queue.PutAsync(i).IsCompletedSuccessfully);
        }

        ValueTask fourth = queue.PutAsync(3);
        Assert.False(fourth.IsCompleted);
        queue.TryGet(out _);
        await fourth.Within();
    }

    [Fact]
    public void TryGetOnAnEmptyQueueReturnsFalse()
    {
        var queue = Create();
        Assert.False(queue.TryGet(out int item));
        Assert.Equal(default, item);
    }

    [Fact]
    public async Task ShutdownMakesEveryLaterPutFailEvenOnAFullQueue()
    {
        var queue = Create(1);
        queue.TryPut(1);
        ValueTask blocked = queue.PutAsync(2);
        queue.Shutdown();
        Assert.True(queue.IsShutDown);
        await Assert.ThrowsAsync<QueueShutDownException>(() => blocked.Within());
        Assert.Throws<QueueShutDownException>(() => queue.TryPut(3));
        await Assert.ThrowsAsync<QueueShutDownException>(() => queue.PutAsync(4).AsTask());
        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.UnfinishedTasks);
    }

    [Fact]
    public async Task AfterShutdownGetsDrainTheBufferThenFail()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        queue.Shutdown();
        Assert.True(queue.TryGet(out _));
        _ = await queue.GetAsync().Within();
        Assert.Throws<QueueShutDownException>(() => queue.TryGet(out _));
        await Assert.ThrowsAsync<QueueShutDownException>(() => queue.GetAsync().AsTask());
        Assert.Equal(2, queue.UnfinishedTasks); // task_done still works after shutdown
        queue.TaskDone();
        queue.TaskDone();
        await queue.JoinAsync().Within();
    }

    [Fact]
    public async Task ShutdownWakesEveryBlockedGetter()
    {
        var queue = Create();
        ValueTask<int>[] getters = [queue.GetAsync(), queue.GetAsync(), queue.GetAsync()];
        queue.Shutdown();
        foreach (ValueTask<int> getter in getters)
        {
            await Assert.ThrowsAsync<QueueShutDownException>(() => getter.Within());
        }

        Assert.Equal(0, queue.WaitingGetters);
    }

    [Fact]
    public async Task ImmediateShutdownDiscardsTheBufferAndReleasesJoinWhenNothingIsLeft()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        Task join = queue.JoinAsync();
        queue.Shutdown(immediate: true);
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.UnfinishedTasks);
        await join.Within();
        Assert.Throws<QueueShutDownException>(() => queue.TryGet(out _));
    }

    [Fact]
    public async Task ImmediateShutdownKeepsJoinWaitingForItemsAlreadyTaken()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        queue.TryGet(out _);
        Task join = queue.JoinAsync();
        queue.Shutdown(immediate: true);
        Assert.Equal(1, queue.UnfinishedTasks);
        Assert.False(join.IsCompleted);
        queue.TaskDone();
        await join.Within();
    }

    [Fact]
    public void ImmediateShutdownNeverLowersUnfinishedTasksBelowZero()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        queue.TaskDone();
        queue.TaskDone();
        queue.Shutdown(immediate: true);
        Assert.Equal(0, queue.UnfinishedTasks);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ImmediateShutdownFailsBlockedGettersAndPutters()
    {
        var getters = Create();
        ValueTask<int> getter = getters.GetAsync();
        getters.Shutdown(immediate: true);
        await Assert.ThrowsAsync<QueueShutDownException>(() => getter.Within());

        var putters = Create(1);
        putters.TryPut(1);
        ValueTask putter = putters.PutAsync(2);
        putters.Shutdown(immediate: true);
        await Assert.ThrowsAsync<QueueShutDownException>(() => putter.Within());
        Assert.Equal(0, putters.UnfinishedTasks);
    }

    [Fact]
    public void ShutdownIsIdempotentAndPermanentAndCanBeMadeImmediateLater()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        queue.Shutdown();
        queue.Shutdown();
        Assert.Equal(2, queue.Count);
        queue.Shutdown(immediate: true);
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.UnfinishedTasks);
        Assert.True(queue.IsShutDown);
        Assert.Throws<QueueShutDownException>(() => queue.TryPut(3));
    }

    [Fact]
    public async Task ReadAllEndsWhenTheQueueIsShutDownAndDrained()
    {
        var queue = Create();
        queue.TryPut(1);
        queue.TryPut(2);
        var read = new List<int>();
        Task reader = Task.Run(async () =>
        {
            await foreach (int item in queue.ReadAllAsync())
            {
                read.Add(item);
                queue.TaskDone();
            }
        });
        await queue.JoinAsync().Within();
        queue.Shutdown();
        await reader.Within();
        Assert.Equal(2, read.Count);
    }

    [Fact]
    public async Task ContinuationsNeverRunInlineInThePutter()
    {
        var queue = Create();
        int continuationThread = 0;
        Task getter = Task.Run(async () =>
        {
            await queue.GetAsync();
            continuationThread = Environment.CurrentManagedThreadId;
        });
        await TestTimeouts.Until(() => queue.WaitingGetters == 1, "the getter waits");

        int putterThread = 0;
        var putter = new Thread(() =>
        {
            putterThread = Environment.CurrentManagedThreadId;
            queue.TryPut(1);
        });
        putter.Start();
        putter.Join();
        await getter.Within();
        Assert.NotEqual(putterThread, continuationThread);
    }

    [Fact]
    public async Task ContinuationsNeverRunInlineInShutdownOrTaskDone()
    {
        var queue = Create();
        int getterThread = 0, joinerThread = 0;
        Task getter = Task.Run(async () =>
        {
            try
            {
                await queue.GetAsync();
            }
            catch (QueueShutDownException)
            {
                getterThread = Environment.CurrentManagedThreadId;
            }
        });
        await TestTimeouts.Until(() => queue.WaitingGetters == 1, "the getter waits");
        int stopperThread = RunOnNewThread(() => queue.Shutdown());
        await getter.Within();
        Assert.NotEqual(stopperThread, getterThread);

        var joined = Create();
        joined.TryPut(1);
        joined.TryGet(out _);
        Task joiner = joined.JoinAsync().ContinueWith(_ => joinerThread = Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);
        int finisherThread = RunOnNewThread(joined.TaskDone);
        await joiner.Within();
        Assert.NotEqual(finisherThread, joinerThread);
    }

    [Fact]
    public async Task AWokenGetterMayUseTheQueueAtOnce()
    {
        // If continuations ran under the lock, the getter's TryPut would deadlock against it.
        var queue = Create();
        var putReturned = new ManualResetEventSlim();
        Task getter = Task.Run(async () =>
        {
            await queue.GetAsync();
            queue.TryPut(2);
            Assert.True(putReturned.Wait(TestTimeouts.Default));
        });
        await TestTimeouts.Until(() => queue.WaitingGetters == 1, "the getter waits");
        queue.TryPut(1);
        putReturned.Set();
        await getter.Within();
        Assert.Equal(1, queue.Count);
    }

    private static int RunOnNewThread(Action action)
    {
        int id = 0;
        var thread = new Thread(() =>
        {
            id = Environment.CurrentManagedThreadId;
            action();
        });
        thread.Start();
        thread.Join();
        return id;
    }

    [Fact]
    public void ToStringDescribesTheState()
    {
        var queue = Create(2);
        queue.TryPut(1);
        queue.TryPut(2);
        queue.Shutdown();
        string text = queue.ToString();
        Assert.Contains("maxSize=2", text, StringComparison.Ordinal);
        Assert.Contains("count=2", text, StringComparison.Ordinal);
        Assert.Contains("tasks=2", text, StringComparison.Ordinal);
        Assert.EndsWith("shutdown", text, StringComparison.Ordinal);
    }
}
