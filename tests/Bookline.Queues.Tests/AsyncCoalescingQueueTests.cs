namespace Bookline.Queues.Tests;

/// <summary>
/// The coalescing queue: with every item its own key it keeps the whole contract of a FIFO queue (the base class's
/// tests); with shared keys, a waiting item takes in the puts for its key and keeps its place.
/// </summary>
public sealed class AsyncCoalescingQueueTests : QueueContractTests
{
    // Every item its own key: the contract tests put the same number twice and expect two items.
    protected override AsyncQueue<int> Create(int maxSize = 0) => new AsyncCoalescingQueue<object, int>(_ => new object(), maxSize: maxSize);

    [Fact]
    public async Task APutForAWaitingKeyReplacesItsItemWhichKeepsItsPlace()
    {
        var queue = Keyed();
        await queue.PutAsync(("a", 1));
        await queue.PutAsync(("b", 1));
        await queue.PutAsync(("a", 2));
        await queue.PutAsync(("c", 1));
        await queue.PutAsync(("a", 3));

        Assert.Equal([("a", 3), ("b", 1), ("c", 1)], queue.ToArray());
        Assert.Equal(3, queue.Count);
        Assert.Equal(3, queue.UnfinishedTasks); // one task per item got, whatever was merged into it
        Assert.Equal(("a", 3), await queue.GetAsync());
    }

    [Fact]
    public async Task TheMergeFunctionCombinesTheWaitingItemWithTheOnePut()
    {
        var queue = new AsyncCoalescingQueue<string, (string Key, int Value)>(i => i.Key, (waiting, put) => (waiting.Key, waiting.Value + put.Value));
        foreach (int value in new[] { 1, 2, 3, 4 })
        {
            await queue.PutAsync(("a", value));
        }

        Assert.Equal(("a", 10), Assert.Single(queue.ToArray()));
    }

    [Fact]
    public async Task AMergeNeedsNoSlotSoItNeverWaitsOnAFullQueue()
    {
        var queue = Keyed(maxSize: 2);
        await queue.PutAsync(("a", 1));
        await queue.PutAsync(("b", 1));
        Assert.True(queue.IsFull);

        ValueTask merged = queue.PutAsync(("a", 2));
        Assert.True(merged.IsCompletedSuccessfully);
        Assert.True(queue.TryPut(("b", 2)));
        Assert.False(queue.TryPut(("c", 1)));
        ValueTask waiting = queue.PutAsync(("c", 1));
        Assert.False(waiting.IsCompleted);

        Assert.Equal(("a", 2), await queue.GetAsync());
        await waiting.AsTask().WaitAsync(TestTimeouts.Default);
        Assert.Equal([("b", 2), ("c", 1)], queue.ToArray());
    }

    [Fact]
    public async Task WaitingPuttersOfOneKeyAreMergedAsTheyAreLetInAndEachCompletes()
    {
        var queue = Keyed(maxSize: 1);
        await queue.PutAsync(("a", 1));
        ValueTask first = queue.PutAsync(("b", 1));
        ValueTask second = queue.PutAsync(("b", 2));
        ValueTask third = queue.PutAsync(("c", 1));

        // One get frees one slot: b takes it, the second b merges into it, and c is let in only by the next get.
        Assert.Equal(("a", 1), await queue.GetAsync());
        await first.AsTask().WaitAsync(TestTimeouts.Default);
        await second.AsTask().WaitAsync(TestTimeouts.Default);
        Assert.False(third.IsCompleted);
        Assert.Equal([("b", 2)], queue.ToArray());
        Assert.Equal(("b", 2), await queue.GetAsync());
        await third.AsTask().WaitAsync(TestTimeouts.Default);
        Assert.Equal(3, queue.UnfinishedTasks); // a, b and c: the second b merged
    }

    [Fact]
    public async Task JoinWaitsForOneTaskDonePerItemGotNotPerPut()
    {
        var queue = Keyed();
        for (int i = 0; i < 50; i++)
        {
            await queue.PutAsync(("a", i));
        }

        Task joined = queue.JoinAsync();
        Assert.Equal(("a", 49), await queue.GetAsync());
        Assert.False(joined.IsCompleted);
        queue.TaskDone();
        await joined.WaitAsync(TestTimeouts.Default);
        Assert.Throws<InvalidOperationException>(queue.TaskDone);
    }

    [Fact]
    public async Task AnItemAlreadyGotIsNotMergedIntoAndAGetterGetsAPutDirectly()
    {
        var queue = Keyed();
        await queue.PutAsync(("a", 1));
        Assert.Equal(("a", 1), await queue.GetAsync());
        await queue.PutAsync(("a", 2));
        Assert.Equal([("a", 2)], queue.ToArray());
        Assert.Equal(2, queue.UnfinishedTasks);

        Assert.Equal(("a", 2), await queue.GetAsync());
        ValueTask<(string, int)> getter = queue.GetAsync();
        await queue.PutAsync(("a", 3));
        Assert.Equal(("a", 3), await getter);
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public async Task AMergeOrKeyThatThrowsFailsThePutAndChangesNothing()
    {
        var queue = new AsyncCoalescingQueue<string, (string Key, int Value)>(
            i => i.Value < 0 ? throw new FormatException("no key") : i.Key,
            (waiting, put) => put.Value == 13 ? throw new ArithmeticException("unlucky") : put);
        await queue.PutAsync(("a", 1));

        Assert.Throws<ArithmeticException>(() => queue.TryPut(("a", 13)));
        Assert.Throws<FormatException>(() => queue.TryPut(("b", -1)));
        Assert.Equal([("a", 1)], queue.ToArray());
        Assert.Equal((1, 1), (queue.Count, queue.UnfinishedTasks));
        await queue.PutAsync(("a", 2));
        Assert.Equal([("a", 2)], queue.ToArray());
    }

    [Fact]
    public async Task KeysAreComparedWithTheComparerGiven()
    {
        var queue = new AsyncCoalescingQueue<string, (string Key, int Value)>(i => i.Key, comparer: StringComparer.OrdinalIgnoreCase);
        await queue.PutAsync(("Moby.txt", 1));
        await queue.PutAsync(("moby.TXT", 2));

        Assert.Equal([("moby.TXT", 2)], queue.ToArray());
    }

    [Fact]
    public async Task AnImmediateShutdownDropsTheWaitingItemsAndTheirTasks()
    {
        var queue = Keyed();
        await queue.PutAsync(("a", 1));
        await queue.PutAsync(("a", 2));
        await queue.PutAsync(("b", 1));
        Task joined = queue.JoinAsync();

        queue.Shutdown(immediate: true);

        Assert.True(queue.IsEmpty);
        await joined.WaitAsync(TestTimeouts.Default);
        Assert.Throws<QueueShutDownException>(() => queue.TryPut(("a", 3)));
        await Assert.ThrowsAsync<QueueShutDownException>(async () => await queue.GetAsync());
    }

    private static AsyncCoalescingQueue<string, (string Key, int Value)> Keyed(int maxSize = 0) => new(i => i.Key, maxSize: maxSize);
}
