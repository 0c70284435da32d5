using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Bookline.Pipelines.Tests;

/// <summary>Batch stages (by size, by time on a fake clock, split on failure) and broadcasts with backpressure.</summary>
public sealed class BatchAndBroadcastTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ABatchGoesWhenFullAndTheRestWhenTheInputEnds()
    {
        var batches = new ConcurrentQueue<int[]>();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { TimeProvider = new FakeTimeProvider() }) // the clock never moves: no batch goes by time
            .SinkBatch("write", (items, _) => { batches.Enqueue([.. items]); return ValueTask.CompletedTask; }, new BatchOptions { Size = 10, MaxDelay = TimeSpan.FromHours(1) }, new StageOptions { Capacity = 100 });

        PipelineReport report = await pipeline.RunAsync([OrderedStageTests.WriteRange(25)]).WaitAsync(Bound);

        Assert.Equal([10, 10, 5], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 25), batches.SelectMany(b => b));
        Assert.Equal(25, report["write"].Succeeded);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task APartBatchGoesOnceItsFirstItemHasWaitedTheDelay()
    {
        var time = new FakeTimeProvider();
        var batches = new ConcurrentQueue<int[]>();
        var written = new TaskCompletionSource();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { TimeProvider = time })
            .SinkBatch("write", (items, _) =>
            {
                batches.Enqueue([.. items]);
                written.TrySetResult();
                return ValueTask.CompletedTask;
            }, new BatchOptions { Size = 10, MaxDelay = TimeSpan.FromSeconds(2) });
        PipelineRun<int> run = pipeline.Start();
        for (int i = 0; i < 3; i++)
        {
            await run.WriteAsync(i);
        }

        Assert.Equal(3, run.Snapshot()["write"].QueueDepth); // grouped as they were put: the delay runs from the first
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(batches);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await written.Task.WaitAsync(Bound);
        Assert.Equal([0, 1, 2], Assert.Single(batches));

        run.CompleteInput();
        PipelineReport report = await run.Completion.WaitAsync(Bound);
        Assert.Equal(3, report["write"].Succeeded);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AFailedBatchIsSplitAndOnlyTheItemThatFailsAloneIsDeadLettered()
    {
        var calls = new ConcurrentQueue<int[]>();
        var written = new ConcurrentQueue<int>();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .SinkBatch("write", (items, _) =>
            {
                calls.Enqueue([.. items]);
                if (items.Contains(7))
                {
                    throw new InvalidOperationException("the catalog refuses book 7");
                }

                foreach (int i in items)
                {
                    written.Enqueue(i);
                }

                return ValueTask.CompletedTask;
            }, new BatchOptions { Size = 5, MaxDelay = TimeSpan.FromHours(1) }, new StageOptions { Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero } });

        PipelineReport report = await pipeline.RunAsync([OrderedStageTests.WriteRange(15)]).WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(0, 15).Where(i => i != 7), written.Order());
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal((7, "write"), ((int)letter.Item!, letter.Stage));
        // [0..4], [5..9] twice (retried), then 5, 6, 7, 7 (retried), 8, 9 alone, then [10..14].
        Assert.Equal(3 + 1 + 6, calls.Count);
        Assert.Equal(14, report["write"].Succeeded);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AnOutageOfABatchKeepsAllItsItemsAndStopsTheRun()
    {
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .SinkBatch("write", (_, _) => throw new IOException("the disk is full"), new BatchOptions { Size = 4, MaxDelay = TimeSpan.Zero }, new StageOptions { IsOutage = e => e is IOException });

        PipelineReport report = await pipeline.RunAsync([OrderedStageTests.WriteRange(4)]).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Aborted, report.Outcome);
        Assert.Empty(report.DeadLetters);
        Assert.Single(report.Failures.OfType<StageOutageException>());
        Assert.Equal(4, report["write"].Unprocessed);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AGroupingStagePassesWholeBatchesOnAndAnAbortAccountsForEveryItem()
    {
        var sizes = new ConcurrentQueue<int>();
        var enough = new TaskCompletionSource();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Batch("group", new BatchOptions { Size = 8, MaxDelay = TimeSpan.FromMilliseconds(20) }, new StageOptions { Workers = 2, Capacity = 16 })
            .Sink("write", async (batch, ct) =>
            {
                sizes.Enqueue(batch.Count);
                if (sizes.Count == 20)
                {
                    enough.TrySetResult();
                }

                await Task.Delay(1, ct);
            }, new StageOptions { Capacity = 2 });
        PipelineRun<int> run = pipeline.Start();
        Task writing = WriteUntilRefusedAsync(run);
        await enough.Task.WaitAsync(Bound);
        run.Abort();
        PipelineReport report = await run.Completion.WaitAsync(Bound);
        await writing.WaitAsync(Bound);

        Assert.All(sizes, size => Assert.InRange(size, 1, 8));
        Assert.True(report["group"].Succeeded >= 20);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task ABroadcastGivesEveryItemToEachBranchAndTheSlowestSetsThePace()
    {
        var fast = new ConcurrentQueue<int>();
        var slow = new ConcurrentQueue<int>();
        var gate = new TaskCompletionSource();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("read", (i, _) => ValueTask.FromResult(i))
            .Broadcast("fan", [
                branch => branch.Sink("index", (i, _) => { fast.Enqueue(i); return ValueTask.CompletedTask; }, new StageOptions { Capacity = 2 }),
                branch => branch
                    .Transform("render", (i, _) => ValueTask.FromResult(i * 10), new StageOptions { Capacity = 2 })
                    .Sink("thumbnails", async (i, _) =>
                    {
                        await gate.Task;
                        slow.Enqueue(i);
                    }, new StageOptions { Capacity = 2 }),
            ]);
        PipelineRun<int> run = pipeline.Start();
        Task writing = Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                await run.WriteAsync(i);
            }

            run.CompleteInput();
        });

        // The slow branch holds one item, its two queues two each, and the render stage one: the fan waits with the next.
        await OrderedStageTests.WaitUntil(() => run.Snapshot()["fan"].InFlight == 1 && run.Snapshot()["render"].QueueDepth == 2 && run.Snapshot()["thumbnails"].QueueDepth == 2);
        Assert.Equal(6, run.Snapshot()["fan"].Emitted); // items 0 to 5 are in both branches; 6 waits for room in the slow one
        Assert.InRange(fast.Count, 0, 7); // the fast branch is never further ahead than that
        Assert.Empty(slow);

        gate.SetResult();
        PipelineReport report = await run.Completion.WaitAsync(Bound);
        await writing.WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(0, 200), fast.Order());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 10), slow.Order());
        Assert.Equal(200, report["fan"].Emitted);
        Assert.Equal(200, report["index"].Received);
        Assert.Equal(200, report["render"].Received);
        Assert.Equal(200, report["thumbnails"].Succeeded);
        Assert.Equal(["read", "fan", "index", "render", "thumbnails"], report.Stages.Select(s => s.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AStopOrAnAbortOfABroadcastAccountsForEveryItemInEachBranch(bool abort)
    {
        var enough = new TaskCompletionSource();
        int slowSeen = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Broadcast("fan", [
                branch => branch.Sink("fast", (_, _) => ValueTask.CompletedTask, new StageOptions { Capacity = 4 }),
                branch => branch.SinkBatch("slow", async (items, ct) =>
                {
                    if (Interlocked.Add(ref slowSeen, items.Count) >= 50)
                    {
                        enough.TrySetResult();
                    }

                    await Task.Delay(1, ct);
                }, new BatchOptions { Size = 5, MaxDelay = TimeSpan.FromMilliseconds(5) }, new StageOptions { Capacity = 4 }),
            ], new StageOptions { Workers = 2, Capacity = 8 });
        using var stop = new CancellationTokenSource();
        PipelineRun<int> run = pipeline.Start(stop.Token);
        Task writing = WriteUntilRefusedAsync(run);
        await enough.Task.WaitAsync(Bound);
        if (abort)
        {
            run.Abort();
        }
        else
        {
            await stop.CancelAsync();
        }

        PipelineReport report = await run.Completion.WaitAsync(Bound);
        await writing.WaitAsync(Bound);

        Assert.Equal(abort ? PipelineOutcome.Aborted : PipelineOutcome.Stopped, report.Outcome);
        foreach (StageReport stage in report.Stages)
        {
            Assert.Equal(0, stage.InFlight);
            Assert.True(stage.Received == stage.Succeeded + stage.DeadLettered + stage.Filtered + stage.Unprocessed, $"{stage.Name} does not balance: {stage}");
        }

        Assert.Equal(report.Accepted, report["fan"].Received);
        if (abort)
        {
            // An abort can cut a broadcast off between branches: the item counts as unprocessed in the fan, and the branches
            // before the cut have it. At most one such item per fan worker.
            Assert.InRange(report["fast"].Received - report["fan"].Emitted, 0, 2);
            Assert.InRange(report["slow"].Received - report["fan"].Emitted, 0, 2);
        }
        else
        {
            Assert.Equal(report["fan"].Emitted, report["fast"].Received);
            Assert.Equal(report["fan"].Emitted, report["slow"].Received);
            Assert.All(report.Stages, s => Assert.Equal(0, s.Unprocessed)); // a stop finishes everything accepted
        }
    }

    [Fact]
    public void ABranchMustAddStagesAndNamesStayUnique()
    {
        PipelineBuilder<int, int> builder = Pipeline.Create<int>().Transform("read", (i, _) => ValueTask.FromResult(i));
        Assert.Throws<ArgumentException>(() => builder.Broadcast("fan", [b => b.Sink("a", (_, _) => ValueTask.CompletedTask), b => b.Sink("a", (_, _) => ValueTask.CompletedTask)]));
        Assert.Throws<ArgumentException>(() => builder.Broadcast("fan", []));
        Assert.Contains("'group'", Assert.Throws<ArgumentException>(() => builder.Batch("group", new BatchOptions { Size = 0 })).Message);
    }

    /// <summary>Writes items until the run refuses them (it was stopped or aborted), as a producer that never runs out would.</summary>
    private static Task WriteUntilRefusedAsync(PipelineRun<int> run) => Task.Run(async () =>
    {
        try
        {
            for (int i = 0; i < 100_000; i++)
            {
                await run.WriteAsync(i);
            }
        }
        catch (Bookline.Pipelines.Transport.WorkQueueCompletedException)
        {
            // stopped or aborted
        }
    });
}
