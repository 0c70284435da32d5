using Bookline.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace Bookline.Pipelines.Tests;

/// <summary>What a run writes to PipelineOptions.Logger: each thing an operator must know, at its level.</summary>
public sealed class PipelineLoggingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeadLettersRetriesFailuresAndTheOutcomeAreLoggedAtTheirLevels()
    {
        var log = new RecordingLogger();
        var broken = new InvalidDataException("torn page");
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { Name = "books", Logger = log })
            .Transform("scan", (n, _) => n == 3 ? throw broken : ValueTask.FromResult(n),
                new StageOptions { Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } })
            .Sink("catalog", (_, _) => ValueTask.CompletedTask);

        PipelineReport report = await pipeline.RunAsync(
        [
            async (run, ct) =>
            {
                for (int i = 0; i < 5; i++)
                {
                    await run.WriteAsync(i, ct);
                }
            },
            (_, _) => throw new IOException("the shelf list is unreadable"),
        ]).WaitAsync(Bound);

        var entries = log.Entries;
        Assert.Equal(PipelineOutcome.Completed, report.Outcome);
        var deadLetter = Assert.Single(entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("books: an item failed its last attempt (2) in stage scan and goes to the dead letters: InvalidDataException: torn page", deadLetter.Message);
        Assert.Same(broken, deadLetter.Exception);
        var failure = Assert.Single(entries, e => e.Level == LogLevel.Error);
        Assert.Equal("books: the shelf list is unreadable", failure.Message);
        Assert.IsType<IOException>(failure.Exception);
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message == "books: stage scan tries an item again (attempt 2).");
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message == "books: stage catalog finished.");
        Assert.Matches(@"^books: Completed in \d+\.\d s; 5 items accepted, 1 dead-lettered, 1 failures\.$", entries[^1].Message);
        Assert.Equal(LogLevel.Information, entries[^1].Level);
    }

    [Fact]
    public async Task AStopAndAnAbortAreEachLoggedOnce()
    {
        var log = new RecordingLogger();
        var gate = new TaskCompletionSource();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { Name = "books", Logger = log })
            .Sink("catalog", async (_, ct) => await gate.Task.WaitAsync(ct));
        await using PipelineRun<int> run = pipeline.Start();
        await run.WriteAsync(1);

        Task<PipelineReport> stopping = run.StopAsync();
        _ = run.StopAsync();
        run.Abort();
        run.Abort();
        PipelineReport report = await stopping.WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Aborted, report.Outcome);
        Assert.Single(log.Entries, e => e.Message == "books: stopping gracefully; everything accepted is finished first.");
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("books: aborting", StringComparison.Ordinal));
    }
}
