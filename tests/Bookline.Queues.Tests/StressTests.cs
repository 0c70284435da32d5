using System.Collections.Concurrent;

namespace Bookline.Queues.Tests;

/// <summary>
/// Many producers and consumers on real threads, with waits cancelled at random and retried.
/// Each test runs for BOOKLINE_STRESS_SECONDS (default 1.5) and names its seed on failure;
/// BOOKLINE_STRESS_SEED replays one.
/// </summary>
public sealed class StressTests
{
    private const int Producers = 8;
    private const int Consumers = 8;
    private const int Capacity = 64;

    private static TimeSpan Duration => TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("BOOKLINE_STRESS_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 1.5);

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("BOOKLINE_STRESS_SEED"), out int seed) ? seed : Environment.TickCount;

    public static TheoryData<string> Kinds => ["fifo", "lifo", "priority", "coalescing"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryItemIsDeliveredExactlyOnceUnderRandomCancellation(string kind)
    {
        int seed = Seed;
        AsyncQueue<long> queue = Create(kind, Capacity);
        var produced = new int[Producers];
        var received = new ConcurrentBag<List<long>>();
        using var stop = new CancellationTokenSource(Duration);

        Task[] producers = [.. Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            var random = new Random(seed + p);
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                long item = ((long)p << 32) | (uint)n;
                while (!await TryWithRandomCancellation(random, token => queue.PutAsync(item, token)))
                {
                    // cancelled: nothing was inserted, so the same item is put again
                }

                produced[p] = n + 1;
            }
        }))];

        Task[] consumers = [.. Enumerable.Range(0, Consumers).Select(c => Task.Run(async () =>
        {
            var mine = new List<long>();
            received.Add(mine);
            await ConsumeUntilShutDownAsync(queue, new Random(seed + 1000 + c), mine);
        }))];

        string context = $"kind {kind}, seed {seed} (replay with BOOKLINE_STRESS_SEED={seed})";
        await Bounded(Task.WhenAll(producers), context, "producers");
        await Bounded(queue.JoinAsync(), context, "join");
        queue.Shutdown();
        await Bounded(Task.WhenAll(consumers), context, "consumers");

        var all = received.SelectMany(x => x).ToList();
        Assert.True(all.Count == all.Distinct().Count(), $"An item was delivered twice; {context}.");
        for (int p = 0; p < Producers; p++)
        {
            int got = all.Count(x => (int)(x >> 32) == p);
            Assert.True(got == produced[p], $"Producer {p} put {produced[p]} items, {got} were delivered; {context}.");
        }

        if (kind is "fifo" or "coalescing")
        {
            foreach (List<long> mine in received)
            {
                foreach (var byProducer in mine.GroupBy(x => x >> 32))
                {
                    var seqs = byProducer.Select(x => (uint)x).ToList();
                    Assert.True(seqs.SequenceEqual(seqs.Order()), $"A consumer saw producer {byProducer.Key}'s items out of order; {context}.");
                }
            }
        }

        Assert.Equal(0, queue.UnfinishedTasks);
        Assert.Equal(0, queue.WaitingGetters);
        Assert.Equal(0, queue.WaitingPutters);
    }

    [Theory]
    [InlineData("fifo", false)]
    [InlineData("fifo", true)]
    [InlineData("lifo", true)]
    [InlineData("priority", false)]
    public async Task ShutdownRacingProducersAndConsumersLosesNothingAccepted(string kind, bool immediate)
    {
        int seed = Seed;
        var random = new Random(seed);
        string context = $"kind {kind}, immediate {immediate}, seed {seed} (replay with BOOKLINE_STRESS_SEED={seed})";
        var deadline = DateTime.UtcNow + Duration;
        int rounds = 0;
        while (DateTime.UtcNow < deadline || rounds < 3)
        {
            rounds++;
            AsyncQueue<long> queue = Create(kind, 16);
            var accepted = new ConcurrentBag<long>();
            var consumed = new ConcurrentBag<long>();
            Task[] producers = [.. Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (long n = 0; ; n++)
                {
                    long item = ((long)p << 32) | n;
                    try
                    {
                        await queue.PutAsync(item);
                    }
                    catch (QueueShutDownException)
                    {
                        return;
                    }

                    accepted.Add(item);
                }
            }))];
            Task[] consumers = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await foreach (long item in queue.ReadAllAsync())
                {
                    consumed.Add(item);
                    queue.TaskDone();
                }
            }))];

            await Task.Delay(random.Next(0, 5));
            queue.Shutdown(immediate);
            await Bounded(Task.WhenAll(producers), context, "producers");
            await Bounded(Task.WhenAll(consumers), context, "consumers");
            await Bounded(queue.JoinAsync(), context, "join");

            var acceptedSet = accepted.ToHashSet();
            Assert.True(consumed.Count == consumed.Distinct().Count(), $"An item was delivered twice; {context}.");
            Assert.True(consumed.All(acceptedSet.Contains), $"An item was delivered that was never accepted; {context}.");
            int undelivered = acceptedSet.Count - consumed.Count;
            if (immediate)
            {
                Assert.True(undelivered <= 16, $"{undelivered} accepted items vanished, more than the buffer could hold; {context}.");
            }
            else
            {
                Assert.True(undelivered == 0, $"{undelivered} accepted items were never delivered; {context}.");
            }

            Assert.Equal(0, queue.UnfinishedTasks);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(0)]
    public async Task CancelledGetsNeverLoseItems(int capacity)
    {
        // The shape that loses items with System.Threading.Channels on .NET 10.0.12: a bursty writer,
        // two readers whose waits are cancelled after 0-2 ms.
        int seed = Seed;
        var queue = new AsyncQueue<int>(capacity);
        long written = 0, read = 0;
        int cancelled = 0;
        var loops = new long[2];
        using var stop = new CancellationTokenSource(Duration);
        Task writer = Task.Run(async () =>
        {
            var random = new Random(seed);
            int n = 0;
            while (!stop.IsCancellationRequested)
            {
                int burst = random.Next(1, 64);
                for (int i = 0; i < burst; i++)
                {
                    if (!queue.TryPut(n))
                    {
                        await queue.PutAsync(n);
                    }

                    n++;
                }

                // An unbounded queue whose writer runs far ahead would leave the readers a backlog to drain, where no get waits
                // and no cancellation races anything: the writer lets them catch up.
                if (random.Next(4) == 0)
                {
                    await Task.Yield();
                }

                while (queue.Count > 4096 && !stop.IsCancellationRequested)
                {
                    await Task.Yield();
                }
            }

            written = n;
            queue.Shutdown();
        });
        Task[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var random = new Random(seed + 1 + r);
            long mine = 0;
            while (true)
            {
                loops[r]++;
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(0, 3)));
                try
                {
                    await queue.GetAsync(cts.Token);
                    mine++;
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                }
                catch (QueueShutDownException)
                {
                    break;
                }
            }

            Interlocked.Add(ref read, mine);
        }))];
        string context = $"capacity {capacity}, seed {seed}";
        await Bounded(writer, context, "writer");
        await Bounded(Task.WhenAll(readers), context, "readers", () => $"{queue}, readers at {string.Join("/", loops)}, {string.Join("/", readers.Select(r => r.Status))}");
        Assert.True(read == written, $"Wrote {written}, read {read} ({cancelled} cancelled gets); {context}.");
    }

    private static AsyncQueue<long> Create(string kind, int capacity) => kind switch
    {
        "fifo" => new AsyncQueue<long>(capacity),
        "lifo" => new AsyncLifoQueue<long>(capacity),
        "priority" => new AsyncPriorityQueue<long>(capacity),
        "coalescing" => new AsyncCoalescingQueue<long, long>(item => item, maxSize: capacity), // every item its own key: a FIFO queue
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public async Task CoalescedPutsAreAllDeliveredOnceInOrderUnderRandomCancellation()
    {
        // 16 keys shared by every producer: each item carries the puts merged into it, so that every put can be
        // accounted for. A put merged into a waiting item is delivered with it; none is lost or delivered twice.
        const int Keys = 16;
        int seed = Seed;
        var queue = new AsyncCoalescingQueue<int, (int Key, long[] Puts)>(i => i.Key, (waiting, put) => (waiting.Key, [.. waiting.Puts, .. put.Puts]), maxSize: 8);
        var produced = new int[Producers];
        var received = new ConcurrentBag<List<(int Key, long[] Puts)>>();
        using var stop = new CancellationTokenSource(Duration);

        Task[] producers = [.. Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            var random = new Random(seed + p);
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                (int, long[]) item = (random.Next(Keys), [((long)p << 32) | (uint)n]);
                while (!await TryWithRandomCancellation(random, token => queue.PutAsync(item, token)))
                {
                    // cancelled: neither inserted nor merged, so the same put is made again
                }

                produced[p] = n + 1;
            }
        }))];

        Task[] consumers = [.. Enumerable.Range(0, Consumers).Select(c => Task.Run(async () =>
        {
            var mine = new List<(int Key, long[] Puts)>();
            received.Add(mine);
            await ConsumeUntilShutDownAsync(queue, new Random(seed + 1000 + c), mine);
        }))];

        string context = $"seed {seed} (replay with BOOKLINE_STRESS_SEED={seed})";
        await Bounded(Task.WhenAll(producers), context, "producers");
        await Bounded(queue.JoinAsync(), context, "join");
        queue.Shutdown();
        await Bounded(Task.WhenAll(consumers), context, "consumers");

        List<(int Key, long[] Puts)> items = [.. received.SelectMany(x => x)];
        List<long> puts = [.. items.SelectMany(i => i.Puts)];
        Assert.True(puts.Count == puts.Distinct().Count(), $"A put was delivered twice; {context}.");
        for (int p = 0; p < Producers; p++)
        {
            int got = puts.Count(x => (int)(x >> 32) == p);
            Assert.True(got == produced[p], $"Producer {p} made {produced[p]} puts, {got} were delivered; {context}.");
        }

        foreach ((int key, long[] merged) in items)
        {
            foreach (var byProducer in merged.GroupBy(x => x >> 32))
            {
                List<uint> seqs = [.. byProducer.Select(x => (uint)x)];
                Assert.True(seqs.SequenceEqual(seqs.Order()), $"An item of key {key} merged producer {byProducer.Key}'s puts out of order; {context}.");
            }
        }

        Assert.True(items.Count < puts.Count, $"No put was ever merged ({items.Count} items for {puts.Count} puts); {context}.");
        Assert.Equal(0, queue.UnfinishedTasks);
        Assert.Equal(0, queue.WaitingPutters);
    }

    /// <summary>Gets items (a quarter of the gets cancelled at random and retried) into the list, marking each done, until the queue is shut down and empty.</summary>
    private static async Task ConsumeUntilShutDownAsync<T>(AsyncQueue<T> queue, Random random, List<T> mine)
    {
        while (true)
        {
            T item = default!;
            try
            {
                if (!await TryWithRandomCancellation(random, async token => item = await queue.GetAsync(token)))
                {
                    continue;
                }
            }
            catch (QueueShutDownException)
            {
                return;
            }

            mine.Add(item);
            queue.TaskDone();
        }
    }

    /// <summary>Runs an operation; a quarter of the time with a token cancelled after 0-2 ms. False if it was cancelled.</summary>
    private static async Task<bool> TryWithRandomCancellation(Random random, Func<CancellationToken, ValueTask> operation)
    {
        if (random.Next(4) != 0)
        {
            await operation(CancellationToken.None);
            return true;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(0, 3)));
        try
        {
            await operation(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task Bounded(Task task, string context, string what, Func<string>? state = null)
    {
        try
        {
            await task.WaitAsync(Duration + TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The {what} hung; {context}; then: {state?.Invoke()}.");
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"The {what} failed with {exception}; {context}.");
        }
    }
}
