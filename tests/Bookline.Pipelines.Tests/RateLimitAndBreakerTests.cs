using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Bookline.Pipelines.Tests;

/// <summary>Rate limits and circuit breakers of a stage, on a fake clock.</summary>
public sealed class RateLimitAndBreakerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AStageTakesOnlyAsManyItemsAsItHasPermitsAndReportsTheWait()
    {
        var time = new FakeTimeProvider();
        using var limiter = new HandFedRateLimiter(initial: 5); // five permits a second, given as the fake clock advances
        int handled = 0;
        var fifth = new TaskCompletionSource();
        var tenth = new TaskCompletionSource();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { TimeProvider = time })
            .Sink("call", (_, _) =>
            {
                int n = Interlocked.Increment(ref handled);
                (n == 5 ? fifth : n == 10 ? tenth : null)?.SetResult();
                return ValueTask.CompletedTask;
            }, new StageOptions { Workers = 2, RateLimiter = limiter });
        PipelineRun<int> run = pipeline.Start();
        for (int i = 0; i < 12; i++)
        {
            await run.WriteAsync(i);
        }

        run.CompleteInput();
        await fifth.Task.WaitAsync(Bound);
        await OrderedStageTests.WaitUntil(() => limiter.Waiting == 2); // both workers wait for a permit
        Assert.Equal(5, Volatile.Read(ref handled));
        Assert.Equal(7, run.Snapshot()["call"].QueueDepth); // the other seven are still queued: a worker takes one only with a permit

        time.Advance(TimeSpan.FromSeconds(3));
        limiter.Give(5);
        await tenth.Task.WaitAsync(Bound);
        await OrderedStageTests.WaitUntil(() => limiter.Waiting == 2);
        Assert.Equal(10, Volatile.Read(ref handled));
        time.Advance(TimeSpan.FromSeconds(1));
        limiter.Give(5);
        PipelineReport report = await run.Completion.WaitAsync(Bound);

        Assert.Equal(12, report["call"].Succeeded);
        // Two workers waited 3 s for the second permits and 1 s for the third: 8 s on the fake clock.
        Assert.Equal(TimeSpan.FromSeconds(8), report["call"].PermitWaitTime);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task AConcurrencyLimiterBoundsTheItemsHandledAtOnce()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 2, QueueLimit = 8 });
        int busy = 0, mostAtOnce = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Sink("call", async (_, _) =>
            {
                OrderedStageTests.InterlockedMax(ref mostAtOnce, Interlocked.Increment(ref busy));
                await Task.Yield();
                Thread.SpinWait(2000);
                Interlocked.Decrement(ref busy);
            }, new StageOptions { Workers = 6, RateLimiter = limiter });

        PipelineReport report = await pipeline.RunAsync([OrderedStageTests.WriteRange(500)]).WaitAsync(Bound);

        Assert.Equal(500, report["call"].Succeeded);
        Assert.InRange(mostAtOnce, 1, 2);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public async Task TheBreakerOpensOnFailuresHoldsTheItemsDuringTheBreakAndClosesWhenTheCatalogIsBack()
    {
        var time = new FakeTimeProvider();
        bool catalogDown = true;
        var events = new ConcurrentQueue<PipelineEventKind>();
        var calls = new ConcurrentQueue<int>();
        var opened = new TaskCompletionSource();
        var breaker = new CircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 4, SamplingDuration = TimeSpan.FromSeconds(10), BreakDuration = TimeSpan.FromSeconds(5) };
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions
            {
                TimeProvider = time,
                OnEvent = e =>
                {
                    if (e.Kind is PipelineEventKind.CircuitOpened or PipelineEventKind.CircuitHalfOpened or PipelineEventKind.CircuitClosed)
                    {
                        events.Enqueue(e.Kind);
                        if (e.Kind == PipelineEventKind.CircuitOpened)
                        {
                            opened.TrySetResult();
                        }
                    }
                },
            })
            .Sink("catalog", (i, _) =>
            {
                calls.Enqueue(i);
                return Volatile.Read(ref catalogDown) ? throw new IOException("the catalog is down") : ValueTask.CompletedTask;
            }, new StageOptions { CircuitBreaker = breaker });
        PipelineRun<int> run = pipeline.Start();
        for (int i = 0; i < 20; i++)
        {
            await run.WriteAsync(i);
        }

        run.CompleteInput();
        await opened.Task.WaitAsync(Bound);
        // The failure that opened it is dead-lettered, and the fifth item waits out the break.
        await OrderedStageTests.WaitUntil(() => run.Snapshot()["catalog"] is { DeadLettered: 4, InFlight: 1 });
        Assert.Equal(4, calls.Count); // only the failures that opened it were tried
        StageReport during = run.Snapshot()["catalog"];
        Assert.Equal((CircuitState?)CircuitState.Open, during.Circuit);
        Assert.Equal(4, during.DeadLettered);

        Volatile.Write(ref catalogDown, false);
        time.Advance(TimeSpan.FromSeconds(5));
        PipelineReport report = await run.Completion.WaitAsync(Bound);

        Assert.Equal(16, report["catalog"].Succeeded);
        Assert.Equal(4, report["catalog"].DeadLettered);
        Assert.Equal(20, calls.Count); // nobody was called while the breaker was open
        Assert.Equal((CircuitState?)CircuitState.Closed, report["catalog"].Circuit);
        Assert.Equal(1, report["catalog"].CircuitOpenings);
        Assert.Equal([PipelineEventKind.CircuitOpened, PipelineEventKind.CircuitHalfOpened, PipelineEventKind.CircuitClosed], events);
        Accounting.AssertBalanced(report);
    }

    [Fact]
    public void BreakerOptionsOutOfRangeAreRefusedWithTheStageName()
    {
        var options = new StageOptions { CircuitBreaker = new CircuitBreakerOptions { FailureRatio = 0 } };
        Assert.Contains("'catalog'", Assert.Throws<ArgumentException>(() => Pipeline.Create<int>().Sink("catalog", (_, _) => ValueTask.CompletedTask, options)).Message);
    }
}
