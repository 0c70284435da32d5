using System.Collections.Concurrent;
using Bookline.Pipelines;
using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>The two ways to stop: graceful (finish what is queued) and immediate (discard it), each accounted for.</summary>
internal sealed class ShutdownDemo : IDemo
{
    public string Name => "shutdown";

    public string Summary => "Graceful shutdown finishes every queued book; immediate shutdown discards them and says how many.";

    public Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken) =>
        context.Raw ? RunRawAsync(context, cancellationToken) : RunPipelineAsync(context, cancellationToken);

    /// <summary>The story's version: hand-written worker loops over a queue.</summary>
    private static async Task<DemoReport> RunRawAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        var handled = new List<string>();

        context.Say("[bold]Graceful[/]: Shutdown() stops new books; the scanners finish everything already queued.");
        var graceful = new AsyncQueue<string>(5);
        int accepted = 0, rejected = 0;
        Task scanners = DemoWorkers.Start(3, graceful, async (worker, book) =>
        {
            await context.WorkAsync(0.3, 0.6, cancellationToken);
            context.Say($"  [[Worker {worker}]] Scanned {book}");
            lock (handled)
            {
                handled.Add(book);
            }
        }, cancellationToken);
        for (int i = 0; i < 12; i++)
        {
            if (i == 8)
            {
                context.Say("  [yellow]Closing time: Shutdown()[/]");
                graceful.Shutdown();
            }

            try
            {
                await graceful.PutAsync($"Book_{i}", cancellationToken);
                accepted++;
            }
            catch (QueueShutDownException)
            {
                rejected++;
            }
        }

        await scanners; // ends once the queue is drained
        counts["graceful accepted"] = accepted;
        counts["graceful processed"] = handled.Count;
        counts["graceful rejected"] = rejected;
        context.Say($"  Accepted {accepted}, scanned {handled.Count}, refused after shutdown {rejected}: nothing accepted was lost.");

        context.Say("[bold]Immediate[/]: Shutdown(immediate: true) discards the queued books; join waits only for the ones in hand.");
        var immediate = new AsyncQueue<string>();
        for (int i = 0; i < 10; i++)
        {
            immediate.TryPut($"Urgent_{i}");
        }

        // The alarm goes off while both scanners hold a book: two in hand, eight queued, every time.
        int processed = 0;
        using var inHand = new SemaphoreSlim(0);
        var alarm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task workers = DemoWorkers.Start(2, immediate, async (worker, book) =>
        {
            inHand.Release();
            await alarm.Task;
            await context.WorkAsync(0.5, cancellationToken);
            context.Say($"  [[Worker {worker}]] Scanned {book} (it was in hand)");
            Interlocked.Increment(ref processed);
        }, cancellationToken);
        await inHand.WaitAsync(cancellationToken);
        await inHand.WaitAsync(cancellationToken);
        int queuedBefore = immediate.Count;
        context.Say($"  [yellow]Fire alarm: Shutdown(immediate: true) with {queuedBefore} books still queued[/]");
        immediate.Shutdown(immediate: true);
        alarm.SetResult();
        await immediate.JoinAsync(cancellationToken);
        await workers;
        counts["immediate put"] = 10;
        counts["immediate processed"] = processed;
        counts["immediate discarded"] = 10 - processed;
        context.Say($"  Put 10, scanned {processed}, discarded {10 - processed}; join released, unfinished tasks {immediate.UnfinishedTasks}.");
        return new DemoReport(handled, counts);
    }

    /// <summary>On Bookline.Pipelines: StopAsync and Abort, with every item accounted for in the report.</summary>
    private static async Task<DemoReport> RunPipelineAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        var handled = new ConcurrentQueue<string>();

        context.Say("[bold]Graceful[/]: StopAsync() stops new books; the scanners finish everything already accepted.");
        Pipeline<string> graceful = Pipeline.Create<string>(new PipelineOptions { Name = "graceful" })
            .Sink("scan", async (book, token) =>
            {
                await context.WorkAsync(0.3, 0.6, token);
                context.Say($"  Scanned {book}");
                handled.Enqueue(book);
            }, new StageOptions { Workers = 3, Capacity = 5 });
        PipelineRun<string> run = graceful.Start(cancellationToken, context.AbortToken);
        Task<PipelineReport>? stopping = null;
        int rejected = 0;
        for (int i = 0; i < 12; i++)
        {
            if (i == 8)
            {
                context.Say("  [yellow]Closing time: StopAsync()[/]");
                stopping = run.StopAsync();
            }

            try
            {
                await run.WriteAsync($"Book_{i}", cancellationToken);
            }
            catch (Bookline.Pipelines.Transport.WorkQueueCompletedException)
            {
                rejected++;
            }
        }

        PipelineReport gracefulReport = await (stopping ?? run.StopAsync());
        counts["graceful accepted"] = (int)gracefulReport.Accepted;
        counts["graceful processed"] = (int)gracefulReport["scan"].Succeeded;
        counts["graceful rejected"] = rejected;
        context.Say($"  Accepted {gracefulReport.Accepted}, scanned {gracefulReport["scan"].Succeeded}, refused after the stop {rejected}: nothing accepted was lost.");

        context.Say("[bold]Immediate[/]: Abort() cancels the running scans and drops the queued books; the report counts both.");
        // The alarm goes off while both scanners are busy: two running, eight queued, every time.
        using var running = new SemaphoreSlim(0);
        Pipeline<string> immediate = Pipeline.Create<string>(new PipelineOptions { Name = "immediate" })
            .Sink("scan", async (book, token) =>
            {
                running.Release();
                await Task.Delay(Timeout.Infinite, token); // a long scan, cut short by the abort
            }, new StageOptions { Workers = 2, Capacity = 10 });
        await using PipelineRun<string> urgent = immediate.Start(cancellationToken, context.AbortToken);
        for (int i = 0; i < 10; i++)
        {
            await urgent.WriteAsync($"Urgent_{i}", cancellationToken);
        }

        await running.WaitAsync(cancellationToken);
        await running.WaitAsync(cancellationToken);
        context.Say("  [yellow]Fire alarm: Abort()[/]");
        urgent.Abort();
        PipelineReport report = await urgent.Completion;
        counts["immediate put"] = (int)report.Accepted;
        counts["immediate processed"] = (int)report["scan"].Succeeded;
        counts["immediate discarded"] = (int)report["scan"].Unprocessed;
        context.Say($"  Put {report.Accepted}, scanned {report["scan"].Succeeded}, unprocessed {report["scan"].Unprocessed} (cancelled while running or still queued): every book accounted for.");
        PipelineReportTable.Write(context, report);
        return new DemoReport([.. handled], counts);
    }
}
