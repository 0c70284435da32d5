namespace Bookline.Queues.Tests;

public sealed class AsyncQueueTests : QueueContractTests
{
    protected override AsyncQueue<int> Create(int maxSize = 0) => new(maxSize);

    [Fact]
    public async Task ItemsComeOutInTheOrderTheyWerePut()
    {
        var queue = Create();
        foreach (int i in new[] { 1, 3, 2 })
        {
            await queue.PutAsync(i);
        }

        Assert.Equal([1, 3, 2], queue.ToArray());
        Assert.Equal(1, await queue.GetAsync());
        Assert.Equal(3, await queue.GetAsync());
        Assert.Equal(2, await queue.GetAsync());
    }

    [Fact]
    public void TheRingBufferKeepsOrderAcrossWrapAndGrowth()
    {
        var queue = new AsyncQueue<int>();
        int next = 0, expected = 0;
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < round * 3; i++)
            {
                queue.TryPut(next++);
            }

            for (int i = 0; i < round * 2; i++)
            {
                Assert.True(queue.TryGet(out int item));
                Assert.Equal(expected++, item);
            }
        }

        while (queue.TryGet(out int item))
        {
            Assert.Equal(expected++, item);
        }

        Assert.Equal(next, expected);
    }

    [Fact]
    public async Task TryGetManyTakesUpToTheMostInOrderAndLetsWaitingPuttersIn()
    {
        var queue = new AsyncQueue<int>(maxSize: 3);
        for (int i = 0; i < 3; i++)
        {
            await queue.PutAsync(i);
        }

        Task blocked = queue.PutAsync(3).AsTask();
        Assert.False(blocked.IsCompleted);
        var items = new List<int>();

        Assert.Equal(2, queue.TryGetMany(items, 2));
        await blocked.WaitAsync(TimeSpan.FromSeconds(10)); // a slot came free: the waiting put is in
        Assert.Equal(2, queue.TryGetMany(items, 10));
        Assert.Equal([0, 1, 2, 3], items);
        Assert.Equal(0, queue.TryGetMany(items, 10));
        Assert.Equal(4, queue.UnfinishedTasks);

        queue.Shutdown();
        Assert.Throws<QueueShutDownException>(() => queue.TryGetMany(items, 1));
    }
}
