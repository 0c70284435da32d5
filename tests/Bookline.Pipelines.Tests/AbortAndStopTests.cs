using System.Collections.Concurrent;
using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Tests;

/// <summary>
/// Aborts and stops at random moments, on pipelines of random shapes (deep and shallow queues, busy
/// and idle handlers, TransformMany cut off mid-emission): every report must balance by stage and
/// agree item by item with what the handlers saw. Each failure names its seed; BOOKLINE_FAULT_ITERATIONS
/// runs more of them, and BOOKLINE_FAULT_SEED starts from another.
/// </summary>
public sealed class AbortAndStopTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("BOOKLINE_FAULT_ITERATIONS"), out int n) ? n : 100;

    private static int FirstSeed => int.TryParse(Environment.GetEnvironmentVariable("BOOKLINE_FAULT_SEED"), out int seed) ? seed : 1;

    [Fact]
    public async Task RandomAbortsAndStopsLeaveReportsThatAgreeWithWhatTheHandlersSaw()
    {
        for (int seed = FirstSeed; seed < FirstSeed + Iterations; seed++)
        {
            try
            {
                await RunOnceAsync(seed).WaitAsync(Bound);
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException($"Seed {seed} (BOOKLINE_FAULT_SEED={seed} BOOKLINE_FAULT_ITERATIONS=1 reruns it): {exception.Message}");
            }
        }
    }

    [Fact]
    public async Task AnAbortThatDrainsADeepQueueIsCountedWholeInTheReport()
    {
        // 100,000 items wait in front of a stuck stage when the abort comes: the report must not be
        // built while the abort is still taking them out of the queue.
        const int Items = 100_000;
        for (int round = 0; round < 16; round++)
        {
            var stuck = new TaskCompletionSource();
            Pipeline<int> pipeline = Pipeline.Create<int>()
                .Sink("stuck", async (_, ct) => await stuck.Task.WaitAsync(ct), new StageOptions { Capacity = Items });
            PipelineRun<int> run = pipeline.Start();
            for (int i = 0; i < Items; i++)
            {
                await run.WriteAsync(i);
            }

            run.Abort();
            PipelineReport report = await run.Completion.WaitAsync(Bound);

            Assert.True(report["stuck"].Unprocessed == Items, $"round {round}: {report["stuck"].Unprocessed} of {Items} unprocessed");
            Accounting.AssertBalanced(report, $"round {round}");
        }
    }

    private static async Task RunOnceAsync(int seed)
    {
        var random = new Random(seed);
        int Next(int max) { lock (random) { return random.Next(max); } }
        bool deep = Next(4) == 0;
        StageOptions Stage() => new() { Workers = 1 + Next(4), Capacity = deep ? 5000 : 1 + Next(16) };
        int items = 50 + Next(deep ? 3000 : 600);
        int producers = 1 + Next(3);
        int fault = Next(10); // 0-5 abort, 6-8 stop, 9 none

        var readFailed = new ConcurrentDictionary<int, byte>();
        var stored = new ConcurrentDictionary<int, byte>();
        var storedTwice = 0;

        async ValueTask Work(int item, CancellationToken ct)
        {
            switch (item % 5)
            {
                case 0:
                    await Task.Delay(Next(3), ct);
                    break;
                case 1:
                    await Task.Yield();
                    break;
                case 2:
                    Thread.SpinWait(Next(20_000)); // a busy CPU
                    break;
            }
        }

        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("read", async (item, ct) =>
            {
                await Work(item, ct);
                if (item % 13 == 0)
                {
                    readFailed[item] = 0;
                    throw new InvalidDataException($"item {item} is torn");
                }

                return item;
            }, Stage())
            .TransformMany("split", async (item, ct) =>
            {
                await Work(item + 1, ct);
                return Enumerable.Range(0, item % 6).Select(k => (item * 10) + k);
            }, Stage())
            .Filter("keep", (child, _) => ValueTask.FromResult(child % 10 != 4), Stage())
            .Sink("store", async (child, ct) =>
            {
                await Work(child + 2, ct);
                if (!stored.TryAdd(child, 0))
                {
                    Interlocked.Increment(ref storedTwice);
                }
            }, Stage());

        PipelineRun<int> run = pipeline.Start();
        int written = 0;
        var writers = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (int i = p; i < items; i += producers)
            {
                try
                {
                    await run.WriteAsync(i);
                    Interlocked.Increment(ref written);
                }
                catch (WorkQueueCompletedException)
                {
                    return; // the run was stopped or aborted
                }
            }
        })).ToArray();

        Task faultTask = Task.Run(async () =>
        {
            await Task.Delay(Next(25));
            if (fault <= 5)
            {
                run.Abort();
            }
            else if (fault <= 8)
            {
                await run.StopAsync();
            }
        });

        await Task.WhenAll(writers);
        await faultTask;
        run.CompleteInput();
        PipelineReport report = await run.Completion;

        string context = $"fault {fault}, {items} items, {producers} producers, deep {deep}, outcome {report.Outcome}";
        Accounting.AssertBalanced(report, context);
        Assert.True(report.Accepted == written, $"Accepted {report.Accepted}, but {written} writes returned. {context}");
        Assert.True(storedTwice == 0, $"{storedTwice} items stored twice. {context}");
        Assert.True(report["store"].Succeeded == stored.Count, $"store: report says {report["store"].Succeeded}, the handler stored {stored.Count}. {context}");
        int[] deadReads = [.. report.DeadLetters.Where(d => d.Stage == "read").Select(d => (int)d.Item!).Order()];
        Assert.True(deadReads.SequenceEqual(readFailed.Keys.Order()), $"read: {deadReads.Length} dead letters, the handler threw on {readFailed.Count}. {context}");
        Assert.All(report.DeadLetters, d => Assert.Equal("read", d.Stage));
        if (report.Outcome != PipelineOutcome.Aborted)
        {
            // Nothing accepted is left behind by a stop: every item has run through every stage.
            Assert.True(report.Stages.All(s => s.Unprocessed == 0), $"A {report.Outcome} run left items unprocessed. {context}");
            int[] expected = [.. Enumerable.Range(0, items).Where(i => i % 13 != 0)
                .SelectMany(i => Enumerable.Range(0, i % 6).Select(k => (i * 10) + k)).Where(c => c % 10 != 4)];
            if (report.Outcome == PipelineOutcome.Completed)
            {
                Assert.True(stored.Keys.Order().SequenceEqual(expected.Order()), $"A completed run stored {stored.Count} of {expected.Length}. {context}");
            }
        }
    }
}
