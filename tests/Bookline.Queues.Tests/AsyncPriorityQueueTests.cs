using Bookline.Queues.Stores;

namespace Bookline.Queues.Tests;

public sealed class AsyncPriorityQueueTests : QueueContractTests
{
    protected override AsyncQueue<int> Create(int maxSize = 0) => new AsyncPriorityQueue<int>(maxSize);

    [Fact]
    public async Task TheSmallestItemComesOutFirst()
    {
        var queue = new AsyncPriorityQueue<int>();
        foreach (int i in new[] { 5, 1, 4, 2, 3 })
        {
            await queue.PutAsync(i);
        }

        Assert.Equal([1, 2, 3, 4, 5], queue.ToArray());
        for (int expected = 1; expected <= 5; expected++)
        {
            Assert.Equal(expected, await queue.GetAsync());
        }
    }

    [Fact]
    public void EqualPrioritiesComeOutInInsertionOrder()
    {
        var queue = new AsyncPriorityQueue<(int Priority, string Name)>(comparer: Comparer<(int Priority, string Name)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        var random = new Random(7);
        var expected = new List<(int, string)>();
        for (int i = 0; i < 2000; i++)
        {
            var item = (random.Next(4), $"item{i}");
            expected.Add(item);
            queue.TryPut(item);
        }

        var actual = new List<(int, string)>();
        while (queue.TryGet(out var item))
        {
            actual.Add(item);
        }

        // OrderBy is a stable sort: equal priorities keep insertion order.
        Assert.Equal(expected.OrderBy(x => x.Item1).ToList(), actual);
    }

    [Fact]
    public void TheStorysPriorityExampleComesOutInOrder()
    {
        var queue = new AsyncPriorityQueue<(int Priority, string Book)>(comparer: Comparer<(int Priority, string Book)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        foreach (var book in new[] { (1, "Urgent_Return"), (3, "Regular_Book_A"), (1, "Urgent_Reserve"), (2, "Damaged_Book"), (3, "Regular_Book_B") })
        {
            queue.TryPut(book);
        }

        string[] order = [.. queue.ToArray().Select(b => b.Book)];
        Assert.Equal(["Urgent_Return", "Urgent_Reserve", "Damaged_Book", "Regular_Book_A", "Regular_Book_B"], order);
    }

    [Fact]
    public void ACustomComparerDecidesTheOrder()
    {
        var queue = new AsyncPriorityQueue<string>(comparer: StringComparer.OrdinalIgnoreCase);
        foreach (string s in new[] { "b", "A", "c" })
        {
            queue.TryPut(s);
        }

        Assert.Equal(["A", "b", "c"], queue.ToArray());
    }

    [Fact]
    public void AComparerThatThrowsLeavesTheQueueUnchanged()
    {
        var poisoned = new HashSet<int> { 13 };
        var queue = new AsyncPriorityQueue<int>(comparer: Comparer<int>.Create((a, b) =>
            poisoned.Contains(a) || poisoned.Contains(b) ? throw new InvalidOperationException("poison") : a.CompareTo(b)));
        for (int i = 0; i < 40; i += 2)
        {
            queue.TryPut(i);
        }

        int[] before = queue.ToArray();
        Assert.Throws<InvalidOperationException>(() => queue.TryPut(13));
        Assert.Equal(before, queue.ToArray());
        Assert.Equal(20, queue.Count);
        Assert.Equal(20, queue.UnfinishedTasks);

        // A comparer that starts failing on items already queued: the get that fails takes nothing.
        poisoned.Add(30);
        int countBefore;
        while (true)
        {
            countBefore = queue.Count;
            try
            {
                Assert.True(queue.TryGet(out _));
            }
            catch (InvalidOperationException)
            {
                break;
            }
        }

        Assert.Equal(countBefore, queue.Count);
        poisoned.Clear();
        var drained = new List<int>();
        while (queue.TryGet(out int item))
        {
            drained.Add(item);
        }

        Assert.Equal(drained.Order().ToList(), drained);
        Assert.Contains(30, drained);
        Assert.Equal(countBefore, drained.Count);
    }

    [Fact]
    public async Task AComparerThatThrowsOnABlockedPutterFailsThatPutAndAdmitsTheNext()
    {
        var queue = new AsyncPriorityQueue<int>(2, Comparer<int>.Create((a, b) =>
            a == 13 || b == 13 ? throw new InvalidOperationException("poison") : a.CompareTo(b)));
        queue.TryPut(1);
        queue.TryPut(5);
        ValueTask poisonedPut = queue.PutAsync(13);
        ValueTask goodPut = queue.PutAsync(2);
        Assert.True(queue.TryGet(out int first));
        Assert.Equal(1, first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => poisonedPut.Within());
        await goodPut.Within();
        Assert.Equal([2, 5], queue.ToArray());
        Assert.Equal(0, queue.WaitingPutters);
        Assert.Equal(3, queue.UnfinishedTasks);
    }

    [Fact]
    public void OrderSurvivesTheInsertionCounterRunningOut()
    {
        var store = new StablePriorityStore<(int Priority, int Id)>(0, Comparer<(int Priority, int Id)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        store.SetNextSequenceForTesting(uint.MaxValue - 5);
        var expected = new List<(int, int)>();
        for (int id = 0; id < 30; id++)
        {
            var item = (id % 3, id);
            expected.Add(item);
            store.Add(item);
        }

        var actual = new List<(int, int)>();
        for (int i = 0; i < 30; i++)
        {
            actual.Add(store.Take());
        }

        Assert.Equal(expected.OrderBy(x => x.Item1).ToList(), actual);
    }

    [Fact]
    public void ManyRandomItemsComeOutSorted()
    {
        var queue = new AsyncPriorityQueue<int>();
        var random = new Random(42);
        var values = Enumerable.Range(0, 5000).Select(_ => random.Next(1000)).ToList();
        foreach (int v in values)
        {
            queue.TryPut(v);
        }

        var taken = new List<int>();
        while (queue.TryGet(out int v))
        {
            taken.Add(v);
        }

        Assert.Equal(values.Order().ToList(), taken);
    }
}
