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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AFlakyComparerNeverCorruptsTheQueue(int seed)
    {
        // A comparer that throws on ~3% of calls; after every put or get, successful or not, the
        // queue must hold exactly what a simple model holds, and drain in stable sorted order.
        var random = new Random(seed);
        bool flaky = true;
        var comparer = Comparer<(int Priority, int Id)>.Create((a, b) =>
            flaky && random.Next(100) < 3 ? throw new InvalidOperationException("flaky") : a.Priority.CompareTo(b.Priority));
        var queue = new AsyncPriorityQueue<(int Priority, int Id)>(comparer: comparer);
        var model = new List<(int Priority, int Id)>(); // kept in stable sorted order
        for (int step = 0, id = 0; step < 3000; step++)
        {
            if (random.Next(3) > 0 || model.Count == 0)
            {
                var item = (random.Next(20), id++);
                try
                {
                    queue.TryPut(item);
                    int at = model.FindLastIndex(x => x.Priority <= item.Item1) + 1;
                    model.Insert(at, item);
                }
                catch (InvalidOperationException)
                {
                }
            }
            else
            {
                try
                {
                    Assert.True(queue.TryGet(out var taken));
                    Assert.Equal(model[0], taken);
                    model.RemoveAt(0);
                }
                catch (InvalidOperationException)
                {
                }
            }

            Assert.Equal(model.Count, queue.Count);
        }

        flaky = false;
        Assert.Equal(model, queue.ToArray());
        var drained = new List<(int, int)>();
        while (queue.TryGet(out var item))
        {
            drained.Add(item);
        }

        Assert.Equal(model, drained);
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
