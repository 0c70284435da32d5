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
}
