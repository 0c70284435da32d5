using System.Collections.Concurrent;

namespace Bookline.Pipelines.Tests;

/// <summary>Ordered stages and stages ordered by key, with several workers and handlers of random duration.</summary>
public sealed class OrderedStageTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(4, 0, 1)]
    [InlineData(3, 3, 2)]
    [InlineData(8, 64, 3)]
    public async Task AnOrderedStageKeepsTheInputOrderWhateverEachItemTakes(int workers, int window, int seed)
    {
        const int Items = 2000;
        var random = new ConcurrentDictionary<int, int>();
        var sunk = new List<int>();
        int busy = 0, mostAtOnce = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("read", async (i, _) =>
            {
                int now = Interlocked.Increment(ref busy);
                InterlockedMax(ref mostAtOnce, now);
                int spin = new Random(seed * 100_000 + i).Next(0, 4);
                if (spin == 0)
                {
                    await Task.Yield();
                }
                else
                {
                    Thread.SpinWait(spin * 2000);
                }

                Interlocked.Decrement(ref busy);
                if (i % 97 == 0)
                {
                    throw new InvalidOperationException($"item {i} is bad");
                }

                return i;
            }, new StageOptions { Workers = workers, Ordered = true, OrderWindow = window, Capacity = 16 })
            .Filter("odd", (i, _) => ValueTask.FromResult(i % 5 != 0), new StageOptions { Workers = workers, Ordered = true })
            .Sink("collect", (i, _) => { sunk.Add(i); return ValueTask.CompletedTask; });

        PipelineReport report = await pipeline.RunAsync([WriteRange(Items)]).WaitAsync(Bound);

        int[] expected = [.. Enumerable.Range(0, Items).Where(i => i % 97 != 0 && i % 5 != 0)];
        Assert.Equal(expected, sunk);
        Assert.True(mostAtOnce > 1, $"the workers never ran items at once (seed {seed})");
        Assert.Equal(Enumerable.Range(0, Items).Count(i => i % 97 == 0), report["read"].DeadLettered);
        Accounting.AssertBalanced(report, $"seed {seed}");
    }

    [Fact]
    public async Task ASlowHeadItemHoldsTheWindowAndTheWorkersWaitForIt()
    {
        var headStarted = new TaskCompletionSource();
        var releaseHead = new TaskCompletionSource();
        int started = 0;
        var sunk = new ConcurrentQueue<int>();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("read", async (i, _) =>
            {
                Interlocked.Increment(ref started);
                if (i == 0)
                {
                    headStarted.SetResult();
                    await releaseHead.Task;
                }

                return i;
            }, new StageOptions { Workers = 2, Ordered = true, OrderWindow = 4, Capacity = 100 })
            .Sink("collect", (i, _) => { sunk.Enqueue(i); return ValueTask.CompletedTask; });
        await using PipelineRun<int> run = pipeline.Start();
        for (int i = 0; i < 20; i++)
        {
            await run.WriteAsync(i);
        }

        run.CompleteInput();
        await headStarted.Task.WaitAsync(Bound);
        await WaitUntil(() => run.Snapshot()["read"].InFlight == 4); // the head and the three behind it, done and waiting for it

        Assert.Equal(4, Volatile.Read(ref started)); // the window is full: nobody takes item 4
        Assert.Empty(sunk);
        releaseHead.SetResult();
        PipelineReport report = await run.Completion.WaitAsync(Bound);
        Assert.Equal(Enumerable.Range(0, 20), sunk);
        Accounting.AssertBalanced(report);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(3, 2)]
    public async Task ItemsOfOneKeyAreHandledOneAtATimeInOrderAndKeysInParallel(int workers, int seed)
    {
        const int Items = 3000, Keys = 40;
        var running = new ConcurrentDictionary<int, int>();
        var seen = new ConcurrentDictionary<int, ConcurrentQueue<int>>();
        int overlaps = 0, busy = 0, mostAtOnce = 0;
        Pipeline<(int Key, int Seq)> pipeline = Pipeline.Create<(int Key, int Seq)>()
            .Sink("apply", async (change, _) =>
            {
                if (running.AddOrUpdate(change.Key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                InterlockedMax(ref mostAtOnce, Interlocked.Increment(ref busy));
                seen.GetOrAdd(change.Key, _ => new()).Enqueue(change.Seq);
                int pause = new Random(seed * 100_000 + change.Seq).Next(0, 3);
                if (pause == 0)
                {
                    await Task.Yield();
                }
                else
                {
                    Thread.SpinWait(pause * 3000);
                }

                Interlocked.Decrement(ref busy);
                running.AddOrUpdate(change.Key, 0, (_, n) => n - 1);
            }, new StageOptions { Workers = workers, Capacity = 32 }.OrderBy<(int Key, int Seq), int>(c => c.Key));

        var random = new Random(seed);
        (int Key, int Seq)[] changes = [.. Enumerable.Range(0, Items).Select(i => (random.Next(Keys), i))];
        PipelineReport report = await pipeline.RunAsync([async (run, ct) =>
        {
            foreach (var change in changes)
            {
                await run.WriteAsync(change, ct);
            }
        }]).WaitAsync(Bound);

        Assert.Equal(0, overlaps);
        Assert.True(mostAtOnce > 1, $"the keys never ran in parallel (seed {seed})");
        foreach (var (key, order) in seen)
        {
            Assert.Equal(changes.Where(c => c.Key == key).Select(c => c.Seq), order);
        }

        Assert.Equal(Items, report["apply"].Succeeded);
        Accounting.AssertBalanced(report, $"seed {seed}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnAbortAccountsForEveryItemOfAnOrderedOrKeyedStage(bool ordered)
    {
        var options = new StageOptions { Workers = 3, Capacity = 8 };
        if (ordered)
        {
            options.Ordered = true;
        }
        else
        {
            options.OrderBy<int, int>(i => i % 7);
        }

        var enough = new TaskCompletionSource();
        int handled = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("work", async (i, ct) =>
            {
                if (Interlocked.Increment(ref handled) == 50)
                {
                    enough.TrySetResult();
                }

                await Task.Delay(i % 3, ct);
                return i;
            }, options)
            .Sink("slow", (_, ct) => new ValueTask(Task.Delay(1, ct)), new StageOptions { Capacity = 4 });
        PipelineRun<int> run = pipeline.Start();
        Task writing = Task.Run(async () =>
        {
            for (int i = 0; i < 10_000 && !run.IsStopping; i++)
            {
                try
                {
                    await run.WriteAsync(i);
                }
                catch (Bookline.Pipelines.Transport.WorkQueueCompletedException)
                {
                    return;
                }
            }
        });
        await enough.Task.WaitAsync(Bound);
        run.Abort();
        PipelineReport report = await run.Completion.WaitAsync(Bound);
        await writing.WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Aborted, report.Outcome);
        Assert.True(report["work"].Unprocessed > 0);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public void AKeyOfAnotherItemTypeIsRefusedWithTheStageName()
    {
        var options = new StageOptions { Workers = 2 }.OrderBy<string, int>(s => s.Length);
        var error = Assert.Throws<ArgumentException>(() => Pipeline.Create<int>().Sink("apply", (_, _) => ValueTask.CompletedTask, options));
        Assert.Contains("'apply'", error.Message);
        Assert.Contains("String", error.Message);

        var both = new StageOptions { Ordered = true }.OrderBy<int, int>(i => i);
        Assert.Contains("cannot be used together", Assert.Throws<ArgumentException>(() => Pipeline.Create<int>().Sink("both", (_, _) => ValueTask.CompletedTask, both)).Message);
    }

    internal static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    internal static Func<PipelineRun<int>, CancellationToken, Task> WriteRange(int count) => async (run, ct) =>
    {
        for (int i = 0; i < count; i++)
        {
            await run.WriteAsync(i, ct);
        }
    };

    internal static Task WaitUntil(Func<bool> condition) => Polling.WaitUntil(condition, Bound);
}
