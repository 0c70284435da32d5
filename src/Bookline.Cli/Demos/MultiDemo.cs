using System.Collections.Concurrent;
using Bookline.Pipelines;
using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>3 shelf scanners feeding 5 catalogers through one queue, with a per-cataloger summary.</summary>
internal sealed class MultiDemo : IDemo
{
    private const int Catalogers = 5;

    public string Name => "multi";

    public string Summary => "3 shelf scanners (producers) and 5 catalogers (consumers) share one queue; 15 books, each once.";

    public Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken) =>
        context.Raw ? RunRawAsync(context, cancellationToken) : RunPipelineAsync(context, cancellationToken);

    /// <summary>The story's version: hand-written worker loops over a queue.</summary>
    private static async Task<DemoReport> RunRawAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var queue = new AsyncQueue<string>();
        var processed = new int[Catalogers];
        var handled = new List<string>();

        Task ShelfScanner(int id, string shelf) => Task.Run(
            async () =>
            {
                context.Say($"Scanner {id} starting on {shelf}...");
                for (int i = 0; i < 5; i++)
                {
                    await queue.PutAsync($"{shelf}_Book_{i}", cancellationToken);
                    await context.WorkAsync(0.1, 0.2, cancellationToken);
                }

                context.Say($"Scanner {id} finished {shelf}");
            },
            cancellationToken);

        Task[] producers = [ShelfScanner(0, "Shelf_A"), ShelfScanner(1, "Shelf_B"), ShelfScanner(2, "Shelf_C")];
        Task consumers = DemoWorkers.Start(Catalogers, queue, async (worker, book) =>
        {
            context.Say($"  [[Cataloger {worker}]] Processing {book}");
            await context.WorkAsync(0.3, 0.6, cancellationToken);
            Interlocked.Increment(ref processed[worker]);
            lock (handled)
            {
                handled.Add(book);
            }
        }, cancellationToken);

        await Task.WhenAll(producers);
        await queue.JoinAsync(cancellationToken);
        queue.Shutdown();
        await consumers;

        var counts = new Dictionary<string, int>();
        context.Say(string.Empty);
        context.Say("--- Processing Summary ---");
        for (int worker = 0; worker < Catalogers; worker++)
        {
            context.Say($"Cataloger {worker}: {processed[worker]} books");
            counts[$"cataloger {worker}"] = processed[worker];
        }

        counts["total"] = processed.Sum();
        context.Say($"[bold]Total: {counts["total"]} books[/]");
        return new DemoReport(handled, counts);
    }

    /// <summary>On Bookline.Pipelines: the per-cataloger counts come from the pipeline's report.</summary>
    private static async Task<DemoReport> RunPipelineAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var handled = new ConcurrentQueue<string>();
        var options = new PipelineOptions
        {
            Name = "multi",
            OnEvent = e =>
            {
                if (e.Kind == PipelineEventKind.ItemSucceeded)
                {
                    context.Say($"  [[Cataloger {e.Worker}]] Cataloged {e.Item}");
                }
            },
        };
        Pipeline<string> pipeline = Pipeline.Create<string>(options)
            .Sink("catalog", async (book, token) =>
            {
                await context.WorkAsync(0.3, 0.6, token);
                handled.Enqueue(book);
            }, new StageOptions { Workers = Catalogers, Capacity = 5 });

        Func<PipelineRun<string>, CancellationToken, Task> ShelfScanner(int id, string shelf) => async (run, token) =>
        {
            context.Say($"Scanner {id} starting on {shelf}...");
            for (int i = 0; i < 5; i++)
            {
                await run.WriteAsync($"{shelf}_Book_{i}", token); // waits while the queue is full
                await context.WorkAsync(0.1, 0.2, token);
            }

            context.Say($"Scanner {id} finished {shelf}");
        };

        PipelineReport report = await pipeline.RunAsync(
            [ShelfScanner(0, "Shelf_A"), ShelfScanner(1, "Shelf_B"), ShelfScanner(2, "Shelf_C")], cancellationToken, context.AbortToken);

        var counts = new Dictionary<string, int>();
        context.Say(string.Empty);
        context.Say("--- Processing Summary ---");
        foreach (WorkerReport worker in report["catalog"].Workers)
        {
            context.Say($"Cataloger {worker.Worker}: {worker.Processed} books");
            counts[$"cataloger {worker.Worker}"] = (int)worker.Processed;
        }

        counts["total"] = (int)report["catalog"].Succeeded;
        context.Say($"[bold]Total: {counts["total"]} books[/]");
        return new DemoReport([.. handled], counts);
    }
}
