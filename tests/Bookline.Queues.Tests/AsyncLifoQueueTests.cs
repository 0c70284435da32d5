namespace Bookline.Queues.Tests;

public sealed class AsyncLifoQueueTests : QueueContractTests
{
    protected override AsyncQueue<int> Create(int maxSize = 0) => new AsyncLifoQueue<int>(maxSize);

    [Fact]
    public async Task TheLastItemPutComesOutFirst()
    {
        var queue = Create();
        foreach (int i in new[] { 1, 3, 2 })
        {
            await queue.PutAsync(i);
        }

        Assert.Equal([2, 3, 1], queue.ToArray());
        Assert.Equal(2, await queue.GetAsync());
        Assert.Equal(3, await queue.GetAsync());
        Assert.Equal(1, await queue.GetAsync());
    }
}
