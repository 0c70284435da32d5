using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bookline.Pipelines.Transport;
using Bookline.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Bookline.Pipelines.Tests;

public sealed class PipelineTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThreeStagesCarryEveryItemToTheSink()
    {
        var sunk = new ConcurrentBag<string>();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("scan", (i, _) => ValueTask.FromResult((Id: i, Pages: i * 10)), new StageOptions { Workers = 3, Capacity = 4 })
            .Transform("index", (b, _) => ValueTask.FromResult($"{b.Id}:{b.Pages}"), new StageOptions { Workers = 2, Capacity = 4 })
            .Sink("catalog", (s, _) => { sunk.Add(s); return ValueTask.CompletedTask; });

        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 100)]).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Completed, report.Outcome);
        Assert.Equal(100, report.Accepted);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"{i}:{i * 10}").Order(), sunk.Order());
        Assert.All(report.Stages, s => Assert.Equal(100, s.Succeeded));
        Assert.Equal(3, report["scan"].Workers.Count);
        Assert.True(report["scan"].QueueHighWaterMark <= 4);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task TwoRunsSharingQueuesSplitTheStagesBetweenThem()
    {
        // Two "processes": one runs the finders and the scan stage, the other the catalog stage.
        // The shared queues stand in for a broker's.
        var shared = new SharedQueues();
        var cataloged = new ConcurrentBag<string>();
        Pipeline<int> Build(string local) => Pipeline.Create<int>(new PipelineOptions
            {
                QueueFactory = shared,
                RemoteStages = local == "scan" ? ["catalog"] : ["scan"],
            })
            .Transform("scan", (i, _) => ValueTask.FromResult($"book {i}"), new StageOptions { Workers = 2, Capacity = 8 })
            .Sink("catalog", (s, _) => { cataloged.Add(s); return ValueTask.CompletedTask; }, new StageOptions { Workers = 3, Capacity = 8 });

        await using PipelineRun<int> worker = Build("catalog").Start();
        PipelineReport coordinator = await Build("scan").RunAsync([WriteRange(0, 200)]).WaitAsync(Bound);
        // A worker run ends when it is stopped, not when some other process's input ends.
        Assert.False(worker.Completion.IsCompleted);
        PipelineReport workerReport = await worker.StopAsync().WaitAsync(Bound);

        Assert.Equal(200, coordinator["scan"].Succeeded);
        Assert.Empty(coordinator["catalog"].Workers);
        Assert.Empty(workerReport["scan"].Workers);
        Assert.Equal(3, workerReport["catalog"].Workers.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"book {i}").Order(), cataloged.Order());
        Assert.Equal(200, workerReport["catalog"].Succeeded);
        Assert.Equal(PipelineOutcome.Stopped, workerReport.Outcome);
    }

    [Fact]
    public void AnUnknownRemoteStageIsAClearError()
    {
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { RemoteStages = ["sacn"] })
            .Sink("scan", (_, _) => ValueTask.CompletedTask);
        var error = Assert.Throws<ArgumentException>(() => pipeline.Start());
        Assert.Contains("'sacn' is not a stage of this pipeline (scan)", error.Message, StringComparison.Ordinal);
    }

    private sealed class SharedQueues : IWorkQueueFactory
    {
        private readonly ConcurrentDictionary<string, object> _queues = new();

        public IWorkQueue<T> Create<T>(string stage, int capacity, IComparer<T>? priority) =>
            (IWorkQueue<T>)_queues.GetOrAdd(stage, _ => InMemoryWorkQueueFactory.Instance.Create(stage, capacity, priority));
    }

    [Fact]
    public async Task ThreeShelfScannersAndFiveCatalogersCountFifteenBooksFromTheReport()
    {
        Pipeline<string> pipeline = Pipeline.Create<string>()
            .Sink("catalog", async (_, ct) => await Task.Yield(), new StageOptions { Workers = 5, Capacity = 5 });
        Func<PipelineRun<string>, CancellationToken, Task> Shelf(string shelf) => async (run, ct) =>
        {
            for (int i = 0; i < 5; i++)
            {
                await run.WriteAsync($"{shelf}_Book_{i}", ct);
            }
        };

        PipelineReport report = await pipeline.RunAsync([Shelf("Shelf_A"), Shelf("Shelf_B"), Shelf("Shelf_C")]).WaitAsync(Bound);

        Assert.Equal(15, report["catalog"].Succeeded);
        Assert.Equal(5, report["catalog"].Workers.Count);
        Assert.Equal(15, report["catalog"].Workers.Sum(w => w.Processed));
        Accounting.AssertBalanced(report);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task EveryInputHasExactlyOneOutcomeUnderRandomFailuresAtCapacityOne(int seed)
    {
        // Handlers fail at random (some by throwing OperationCanceledException of their own), writes
        // are cancelled at random and retried, and every queue holds one item.
        var random = new Random(seed);
        double Next() { lock (random) { return random.NextDouble(); } }
        ValueTask<int> Flaky(int item, CancellationToken ct)
        {
            double roll = Next();
            return roll < 0.1 ? throw new InvalidDataException($"bad {item}")
                : roll < 0.15 ? throw new OperationCanceledException("handler gave up")
                : ValueTask.FromResult(item);
        }

        var sunk = new ConcurrentBag<int>();
        var one = new StageOptions { Workers = 2, Capacity = 1, Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } };
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("a", Flaky, one)
            .Transform("b", Flaky, one)
            .Sink("c", async (item, ct) => { await Flaky(item, ct); sunk.Add(item); }, one);

        var written = new ConcurrentBag<int>();
        async Task Producer(PipelineRun<int> run, int from)
        {
            for (int i = from; i < from + 200; i++)
            {
                while (true)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Next() < 0.3 ? 0 : 50));
                    try
                    {
                        await run.WriteAsync(i, cts.Token);
                        written.Add(i);
                        break;
                    }
                    catch (OperationCanceledException)
                    {
                        // not written: write it again
                    }
                }
            }
        }

        PipelineReport report = await pipeline.RunAsync([(run, _) => Producer(run, 0), (run, _) => Producer(run, 1000)]).WaitAsync(Bound);

        string context = $"seed {seed}";
        Assert.Equal(400, written.Count);
        Assert.Equal(400, report.Accepted);
        var dead = report.DeadLetters.Select(d => (int)d.Item!).ToList();
        var outcomes = sunk.Concat(dead).ToList();
        Assert.True(outcomes.Count == 400, $"{outcomes.Count} outcomes for 400 inputs; {context}");
        Assert.True(outcomes.Order().SequenceEqual(written.Order()), $"Some input has no outcome or two; {context}");
        Accounting.AssertBalanced(report, context);
    }

    [Fact]
    public async Task NoDeadlockWhenTheLastStageFailsEveryItem()
    {
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("double", (i, _) => ValueTask.FromResult(i * 2), new StageOptions { Capacity = 1 })
            .Sink("reject", (_, _) => throw new InvalidOperationException("no"), new StageOptions { Capacity = 1 });

        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 50)]).WaitAsync(Bound);

        Assert.Equal(50, report["reject"].DeadLettered);
        Assert.Equal(50, report.DeadLetters.Count);
        Assert.All(report.DeadLetters, d => Assert.Equal("reject", d.Stage));
        Assert.All(report.DeadLetters, d => Assert.Equal("InvalidOperationException: no", d.Reason));
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task GracefulStopMidRunFinishesEverythingAccepted()
    {
        var gate = new SemaphoreSlim(0);
        var sunk = new ConcurrentBag<int>();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("slow", async (i, ct) => { await gate.WaitAsync(ct); return i; }, new StageOptions { Workers = 2, Capacity = 5 })
            .Sink("sink", (i, _) => { sunk.Add(i); return ValueTask.CompletedTask; }, new StageOptions { Capacity = 5 });
        PipelineRun<int> run = pipeline.Start();
        for (int i = 0; i < 6; i++)
        {
            await run.WriteAsync(i);
        }

        Task<PipelineReport> stopping = run.StopAsync();
        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => run.WriteAsync(99).AsTask());
        gate.Release(100);
        PipelineReport report = await stopping.WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Stopped, report.Outcome);
        Assert.Equal(6, report.Accepted);
        Assert.Equal(Enumerable.Range(0, 6), sunk.Order());
        Assert.All(report.Stages, s => Assert.Equal(0, s.Unprocessed));
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AStopTokenStopsGracefully()
    {
        using var stop = new CancellationTokenSource();
        var sunk = new ConcurrentBag<int>();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Sink("sink", (i, _) => { sunk.Add(i); return ValueTask.CompletedTask; });
        PipelineReport report = await pipeline.RunAsync(
        [
            async (run, ct) =>
            {
                for (int i = 0; ; i++)
                {
                    await run.WriteAsync(i, ct);
                    if (i == 20)
                    {
                        await stop.CancelAsync();
                    }
                }
            },
        ], stop.Token).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Stopped, report.Outcome);
        Assert.Equal(report.Accepted, sunk.Count);
        Assert.True(report.Accepted >= 21);
        Assert.Empty(report.Failures);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AbortCancelsRunningHandlersAndCountsEveryDroppedItemByStage()
    {
        var started = new SemaphoreSlim(0);
        var cancelledHandlers = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("pass", (i, _) => ValueTask.FromResult(i), new StageOptions { Capacity = 10 })
            .Sink("stuck", async (_, ct) =>
            {
                started.Release();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelledHandlers);
                    throw;
                }
            }, new StageOptions { Workers = 2, Capacity = 3 });
        PipelineRun<int> run = pipeline.Start();
        Task producer = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < 100; i++)
                {
                    await run.WriteAsync(i);
                }
            }
            catch (WorkQueueCompletedException)
            {
                // the run was aborted while this producer waited
            }
        });
        await started.WaitAsync(Bound);
        await started.WaitAsync(Bound);
        await WaitUntil(() => run.Snapshot()["stuck"].QueueDepth == 3 && run.Snapshot()["pass"].QueueDepth == 10);

        run.Abort();
        PipelineReport report = await run.Completion.WaitAsync(Bound);
        await producer.WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Aborted, report.Outcome);
        Assert.Equal(2, cancelledHandlers);
        Assert.Equal(5, report["stuck"].Unprocessed); // 2 cancelled while running + 3 queued
        Assert.True(report["pass"].Unprocessed >= 10);
        Assert.Equal(report.Accepted, report["stuck"].Succeeded + report.Stages.Sum(s => s.Unprocessed) + report.DeadLetters.Count);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task RetriesFollowExponentialBackoffOnTheInjectedClock()
    {
        var time = new TimerCountingTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        var attempted = new SemaphoreSlim(0);
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { TimeProvider = time })
            .Sink("flaky", (_, _) =>
            {
                attempts.Enqueue(time.GetUtcNow());
                attempted.Release();
                return attempts.Count < 3 ? throw new IOException("busy") : ValueTask.CompletedTask;
            }, new StageOptions { Retry = new RetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromSeconds(1), UseJitter = false } });
        PipelineRun<int> run = pipeline.Start();
        await run.WriteAsync(1);
        run.CompleteInput();
        DateTimeOffset start = time.GetUtcNow();

        // The clock moves only once the retry's delay is waiting on it: moved before, the delay would start later.
        await attempted.WaitAsync(Bound);
        await time.TimerCreated.WaitAsync(Bound);
        time.Advance(TimeSpan.FromMilliseconds(999)); // not yet
        time.Advance(TimeSpan.FromMilliseconds(1));
        await attempted.WaitAsync(Bound);
        await time.TimerCreated.WaitAsync(Bound);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await attempted.WaitAsync(Bound);
        PipelineReport report = await run.Completion.WaitAsync(Bound);

        Assert.Equal([start, start.AddSeconds(1), start.AddSeconds(3)], attempts);
        Assert.Equal(1, report["flaky"].Succeeded);
        Assert.Equal(2, report["flaky"].Retried);
        Assert.Empty(report.DeadLetters);
    }

    [Fact]
    public async Task AfterTheLastAttemptTheItemIsDeadLetteredWithStageAttemptsAndException()
    {
        var sink = new ConcurrentBag<DeadLetter>();
        Pipeline<string> pipeline = Pipeline.Create<string>(new PipelineOptions { DeadLetterSink = (d, _) => { sink.Add(d); return ValueTask.CompletedTask; } })
            .Sink("parse", (s, _) => throw new FormatException($"cannot parse {s}"),
                new StageOptions { Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), UseJitter = true } });

        PipelineReport report = await pipeline.RunAsync([async (run, ct) => await run.WriteAsync("x", ct)]).WaitAsync(Bound);

        DeadLetter letter = Assert.Single(sink);
        Assert.Equal("parse", letter.Stage);
        Assert.Equal("x", letter.Item);
        Assert.Equal(3, letter.Attempts);
        Assert.IsType<FormatException>(letter.Exception);
        Assert.Equal(2, report["parse"].Retried);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task OnlyRetryableFailuresAreRetried()
    {
        int attempts = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Sink("s", (_, _) => { Interlocked.Increment(ref attempts); throw new UnauthorizedAccessException("no"); },
                new StageOptions { Retry = new RetryOptions { MaxAttempts = 5, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, ShouldRetry = e => e is IOException } });

        PipelineReport report = await pipeline.RunAsync([async (run, ct) => await run.WriteAsync(1, ct)]).WaitAsync(Bound);

        Assert.Equal(1, attempts);
        Assert.Equal(1, Assert.Single(report.DeadLetters).Attempts);
    }

    [Fact]
    public async Task AnItemThatRunsTooLongTimesOutAndItsHandlerIsCancelled()
    {
        var time = new FakeTimeProvider();
        var running = new SemaphoreSlim(0);
        bool handlerCancelled = false;
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { TimeProvider = time })
            .Sink("slow", async (_, ct) =>
            {
                running.Release();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    handlerCancelled = true;
                    throw;
                }
            }, new StageOptions { Timeout = TimeSpan.FromSeconds(2) });
        PipelineRun<int> run = pipeline.Start();
        await run.WriteAsync(7);
        run.CompleteInput();
        await running.WaitAsync(Bound);
        time.Advance(TimeSpan.FromSeconds(2));
        PipelineReport report = await run.Completion.WaitAsync(Bound);

        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.True(handlerCancelled);
        Assert.Equal(TimeSpan.FromSeconds(2), letter.TimedOut);
        Assert.Equal("timed out after 00:00:02", letter.Reason);
    }

    [Fact]
    public async Task WithOneWorkerPerStageItemsKeepTheirOrder()
    {
        var sunk = new List<int>();
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("a", (i, _) => ValueTask.FromResult(i), new StageOptions { Capacity = 2 })
            .Filter("even", (i, _) => ValueTask.FromResult(i % 2 == 0), new StageOptions { Capacity = 2 })
            .Sink("b", (i, _) => { sunk.Add(i); return ValueTask.CompletedTask; }, new StageOptions { Capacity = 2 });

        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 500)]).WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(0, 250).Select(i => i * 2), sunk);
        Assert.Equal(250, report["even"].Filtered);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task APriorityFirstQueueHandsOutTheSmallestFirst()
    {
        var sunk = new List<int>();
        var gate = new TaskCompletionSource();
        Pipeline<int> pipeline = Pipeline.Create<int>(priority: Comparer<int>.Default)
            .Sink("s", async (i, _) => { await gate.Task; sunk.Add(i); }, new StageOptions { Capacity = 10 });
        PipelineRun<int> run = pipeline.Start();
        await run.WriteAsync(100); // taken at once by the worker, which then waits at the gate
        await WaitUntil(() => run.Snapshot()["s"].InFlight == 1);
        foreach (int i in new[] { 5, 3, 9, 1 })
        {
            await run.WriteAsync(i);
        }

        run.CompleteInput();
        gate.SetResult();
        await run.Completion.WaitAsync(Bound);
        Assert.Equal([100, 1, 3, 5, 9], sunk);
    }

    [Fact]
    public async Task TransformManyPassesOnEveryResult()
    {
        var sunk = new ConcurrentBag<string>();
        Pipeline<string> pipeline = Pipeline.Create<string>()
            .TransformMany("split", (s, _) => ValueTask.FromResult<IEnumerable<string>>(s.Split(' ')))
            .Sink("words", (w, _) => { sunk.Add(w); return ValueTask.CompletedTask; });

        PipelineReport report = await pipeline.RunAsync([async (run, ct) => { await run.WriteAsync("a b c", ct); await run.WriteAsync("d e", ct); }]).WaitAsync(Bound);

        Assert.Equal(["a", "b", "c", "d", "e"], sunk.Order());
        Assert.Equal(5, report["split"].Emitted);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AFailingProducerIsReportedAndTheRestStillCompletes()
    {
        Pipeline<int> pipeline = Pipeline.Create<int>().Sink("s", (_, _) => ValueTask.CompletedTask);
        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 10), (_, _) => throw new InvalidOperationException("shelf missing")]).WaitAsync(Bound);
        Assert.Equal(10, report["s"].Succeeded);
        Assert.Equal("shelf missing", Assert.Single(report.Failures).Message);
    }

    [Fact]
    public async Task EventsAndMetricsReportEachItem()
    {
        int succeeded = 0;
        long measured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.SourceName && instrument.Name == PipelineTelemetry.ItemsProcessed)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        // Other tests run pipelines at the same time: only this one's measurements count.
        string name = "metrics-" + Guid.NewGuid().ToString("N");
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "bookline.pipeline" && (string?)tag.Value == name)
                {
                    Interlocked.Add(ref measured, value);
                }
            }
        });
        listener.Start();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions
        {
            Name = name,
            OnEvent = e => { if (e.Kind == PipelineEventKind.ItemSucceeded) Interlocked.Increment(ref succeeded); },
        }).Sink("s", (_, _) => ValueTask.CompletedTask, new StageOptions { Workers = 2 });

        await pipeline.RunAsync([WriteRange(0, 30)]).WaitAsync(Bound);

        Assert.Equal(30, succeeded);
        Assert.Equal(30, Interlocked.Read(ref measured));
    }

    [Fact]
    public async Task AnEnabledActivitySourceGetsOneSpanPerItemAndStage()
    {
        var spans = new ConcurrentBag<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity => spans.Add(activity.OperationName),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { Name = "traced" })
            .Transform("first", (i, _) => ValueTask.FromResult(i))
            .Sink("second", (_, _) => ValueTask.CompletedTask);

        await pipeline.RunAsync([WriteRange(0, 7)]).WaitAsync(Bound);

        Assert.Equal(7, spans.Count(n => n == "first"));
        Assert.Equal(7, spans.Count(n => n == "second"));
    }

    [Fact]
    public async Task WorkersReportTheirRetries()
    {
        int calls = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Sink("s", (_, _) => Interlocked.Increment(ref calls) % 2 == 1 ? throw new IOException("once") : ValueTask.CompletedTask,
                new StageOptions { Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } });

        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 10)]).WaitAsync(Bound);

        WorkerReport worker = Assert.Single(report["s"].Workers);
        Assert.Equal(10, worker.Processed);
        Assert.Equal(10, worker.Retried);
        Assert.Equal(0, worker.InFlight);
        Assert.Equal(report["s"].Elapsed, worker.Elapsed);
        Assert.Equal(10 / worker.Elapsed.TotalSeconds, worker.Throughput, precision: 6);
    }

    [Fact]
    public void OptionsAreValidatedWithMessagesNamingTheStage()
    {
        var builder = Pipeline.Create<int>();
        var error = Assert.Throws<ArgumentException>(() => builder.Sink("catalog", (_, _) => ValueTask.CompletedTask, new StageOptions { Workers = 0 }));
        Assert.Contains("Stage 'catalog': Workers must be at least 1", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => builder.Transform("scan", (i, _) => ValueTask.FromResult(i)).Sink("scan", (_, _) => ValueTask.CompletedTask));
        Assert.Contains("already has a stage named 'scan'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5.0, true)]
    [InlineData(0.5, true)]
    [InlineData(10.0, false)]
    [InlineData(86_400_000.0, false)]
    [InlineData(86_400_001.0, true)]
    public async Task ATimeLimitIsRefusedWhenTheStageIsBuiltNeverWhenItRuns(double milliseconds, bool refused)
    {
        var options = new StageOptions { Timeout = TimeSpan.FromMilliseconds(milliseconds) };
        var builder = Pipeline.Create<int>();
        if (refused)
        {
            var error = Assert.Throws<ArgumentException>(() => builder.Sink("read", (_, _) => ValueTask.CompletedTask, options));
            Assert.Contains("Stage 'read': Timeout must be between 10 ms and 24 hours", error.Message, StringComparison.Ordinal);
            return;
        }

        PipelineReport report = await builder.Sink("read", (_, _) => ValueTask.CompletedTask, options).RunAsync([WriteRange(0, 3)]).WaitAsync(Bound);
        Assert.Equal(3, report["read"].Succeeded);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(1, 0.5)]
    [InlineData(1, 86_400_000 + 1)]
    public void RetryDelaysOutsideTheirRangeAreRefusedWhenTheStageIsBuilt(double baseMilliseconds, double maxMilliseconds)
    {
        var retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(baseMilliseconds), MaxDelay = TimeSpan.FromMilliseconds(maxMilliseconds) };
        bool valid = baseMilliseconds >= 0 && maxMilliseconds >= baseMilliseconds && maxMilliseconds <= 86_400_000;
        Func<Pipeline<int>> build = () => Pipeline.Create<int>().Sink("write", (_, _) => ValueTask.CompletedTask, new StageOptions { Retry = retry });
        if (valid)
        {
            Assert.NotNull(build());
        }
        else
        {
            Assert.Contains("Stage 'write': Retry delays", Assert.Throws<ArgumentException>(build).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ALazySequenceThatThrowsPartWayPassesNothingOnAndIsRetried()
    {
        var sunk = new ConcurrentBag<string>();
        int attempts = 0;
        IEnumerable<string> Pages(string book)
        {
            int attempt = Interlocked.Increment(ref attempts);
            yield return book + " page 1";
            if (attempt < 3)
            {
                throw new IOException("the disk hiccuped");
            }

            yield return book + " page 2";
        }

        Pipeline<string> pipeline = Pipeline.Create<string>()
            .TransformMany("pages", (book, _) => ValueTask.FromResult(Pages(book)), new StageOptions { Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, UseJitter = false } })
            .Sink("index", (page, _) => { sunk.Add(page); return ValueTask.CompletedTask; });

        PipelineReport report = await pipeline.RunAsync([async (run, ct) => await run.WriteAsync("moby", ct)]).WaitAsync(Bound);

        Assert.Equal(3, attempts);
        Assert.Equal(["moby page 1", "moby page 2"], sunk.Order());
        Assert.Empty(report.DeadLetters);
        Assert.Equal(2, report["pages"].Retried);
        Assert.Equal(2, report["pages"].Emitted);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task ALazySequenceThatAlwaysThrowsIsDeadLetteredAfterEveryAttemptWithNothingPassedOn()
    {
        var sunk = new ConcurrentBag<string>();
        int attempts = 0;
        IEnumerable<string> Pages(string book)
        {
            Interlocked.Increment(ref attempts);
            yield return book + " page 1";
            throw new InvalidDataException("page 2 is torn");
        }

        Pipeline<string> pipeline = Pipeline.Create<string>()
            .TransformMany("pages", (book, _) => ValueTask.FromResult(Pages(book)), new StageOptions { Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, UseJitter = false } })
            .Sink("index", (page, _) => { sunk.Add(page); return ValueTask.CompletedTask; });

        PipelineReport report = await pipeline.RunAsync([async (run, ct) => await run.WriteAsync("moby", ct)]).WaitAsync(Bound);

        Assert.Equal(3, attempts);
        Assert.Empty(sunk);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal(3, letter.Attempts);
        Assert.Equal(0, report["pages"].Emitted);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AWriteAfterAStopSaysThePipelineWasStopped()
    {
        PipelineRun<int> run = Pipeline.Create<int>().Sink("s", (_, _) => ValueTask.CompletedTask).Start();
        await run.StopAsync().WaitAsync(Bound);
        var stopped = await Assert.ThrowsAsync<WorkQueueCompletedException>(async () => await run.WriteAsync(1));
        Assert.Equal("The pipeline 'pipeline' was stopped: it takes no more items.", stopped.Message);

        PipelineRun<int> completed = Pipeline.Create<int>().Sink("s", (_, _) => ValueTask.CompletedTask).Start();
        completed.CompleteInput();
        var closed = await Assert.ThrowsAsync<WorkQueueCompletedException>(async () => await completed.WriteAsync(1));
        Assert.Contains("its input was completed", closed.Message, StringComparison.Ordinal);

        PipelineRun<int> aborted = Pipeline.Create<int>().Sink("s", (_, _) => ValueTask.CompletedTask).Start();
        aborted.Abort();
        var abortedError = await Assert.ThrowsAsync<WorkQueueCompletedException>(async () => await aborted.WriteAsync(1));
        Assert.Contains("was aborted", abortedError.Message, StringComparison.Ordinal);
        await completed.DisposeAsync();
        await aborted.DisposeAsync();
    }

    [Fact]
    public async Task AnOutageStopsTheRunWithoutDeadLetteringTheItemItHit()
    {
        var stored = new ConcurrentBag<int>();
        int attempts = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("read", (i, _) => ValueTask.FromResult(i), new StageOptions { Capacity = 4 })
            .Sink("store", (i, _) =>
            {
                if (i >= 5)
                {
                    Interlocked.Increment(ref attempts);
                    throw new TimeoutException("the database does not answer");
                }

                stored.Add(i);
                return ValueTask.CompletedTask;
            }, new StageOptions
            {
                Capacity = 4,
                Retry = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, UseJitter = false },
                IsOutage = e => e is TimeoutException,
            });

        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 100)]).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Aborted, report.Outcome);
        Assert.Equal(Enumerable.Range(0, 5), stored.Order());
        Assert.Empty(report.DeadLetters);
        Assert.Equal(3, attempts); // retried first: an outage may pass
        StageOutageException outage = Assert.IsType<StageOutageException>(Assert.Single(report.Failures));
        Assert.Equal("store", outage.Stage);
        Assert.StartsWith("Stage 'store' stopped the run: the database does not answer", outage.Message, StringComparison.Ordinal);
        Assert.True(report["store"].Unprocessed >= 1);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AFailureTheDeadLetterSinkCannotRecordKeepsTheItemAndStopsTheRun()
    {
        int sunk = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions
            {
                DeadLetterSink = (_, _) => Interlocked.Increment(ref sunk) == 1 ? throw new IOException("the failures table is unreachable") : ValueTask.CompletedTask,
            })
            .Sink("read", (i, _) => i == 3 ? throw new InvalidDataException("torn") : ValueTask.CompletedTask, new StageOptions { Capacity = 2 });

        PipelineReport report = await pipeline.RunAsync([WriteRange(0, 50)]).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Aborted, report.Outcome);
        Assert.Empty(report.DeadLetters); // not recorded, so not dropped either
        StageOutageException outage = Assert.IsType<StageOutageException>(Assert.Single(report.Failures));
        Assert.Contains("the failures table is unreachable", outage.Message, StringComparison.Ordinal);
        Assert.True(report["read"].Unprocessed >= 1);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AWorkerPoolMarksEveryItemDoneWhateverTheHandlerDoes()
    {
        var queue = new AsyncQueue<int>(5);
        Task<PipelineReport> pool = WorkerPool.RunAsync(queue, (i, _) => i % 4 == 0 ? throw new InvalidDataException() : ValueTask.CompletedTask, new StageOptions { Workers = 5 });
        for (int i = 0; i < 40; i++)
        {
            await queue.PutAsync(i);
        }

        await queue.JoinAsync().WaitAsync(Bound); // completes only if every item was marked done
        queue.Shutdown();
        PipelineReport report = await pool.WaitAsync(Bound);
        StageReport workers = report["workers"];
        Assert.Equal(30, workers.Succeeded);
        Assert.Equal(10, workers.DeadLettered);
        Assert.Equal(5, workers.Workers.Count);
        Assert.Equal(40, workers.Workers.Sum(w => w.Processed + w.Failed));
    }

    /// <summary>A fake clock that says each time a timer is made on it (a retry's delay starts waiting).</summary>
    private sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public SemaphoreSlim TimerCreated { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.Release();
            return timer;
        }
    }

    private static Func<PipelineRun<int>, CancellationToken, Task> WriteRange(int from, int count) => async (run, ct) =>
    {
        for (int i = from; i < from + count; i++)
        {
            await run.WriteAsync(i, ct);
        }
    };

    private static Task WaitUntil(Func<bool> condition) => Polling.WaitUntil(condition, Bound);
}
