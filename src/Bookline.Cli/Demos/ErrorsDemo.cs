using System.Collections.Concurrent;
using Bookline.Pipelines;
using Spectre.Console;
using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>Workers that fail on about one book in five: the failures are recorded, the workers go on.</summary>
internal sealed class ErrorsDemo : IDemo
{
    public string Name => "errors";

    public string Summary => "About 20% of books fail; each failure is recorded, no worker dies and join still completes.";

    public Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken) =>
        context.Raw ? RunRawAsync(context, cancellationToken) : RunPipelineAsync(context, cancellationToken);

    /// <summary>The story's version: hand-written worker loops over a queue.</summary>
    private static async Task<DemoReport> RunRawAsync(DemoContext context, CancellationToken cancellationToken)
    {
        string[] books = [.. Enumerable.Range(0, 10).Select(i => $"Book_{i}")];

        // Drawn up front, in book order, so that --seed decides which books fail whatever the timing.
        var failing = books.Where(_ => context.NextDouble() < 0.2).ToHashSet();
        var queue = new AsyncQueue<string>();
        var success = new List<string>();
        var failed = new List<string>();

        Task workers = DemoWorkers.Start(3, queue, async (worker, book) =>
        {
            try
            {
                if (failing.Contains(book))
                {
                    throw new InvalidDataException($"Failed to process {book}");
                }

                context.Say($"  [[Worker {worker}]] Successfully processed {book}");
                lock (success)
                {
                    success.Add(book);
                }

                await context.WorkAsync(0.5, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                context.Say($"  [red][[Worker {worker}]] ERROR: {exception.Message}[/]");
                lock (failed)
                {
                    failed.Add(book);
                }
            }
        }, cancellationToken);

        foreach (string book in books)
        {
            await queue.PutAsync(book, cancellationToken);
        }

        await queue.JoinAsync(cancellationToken); // completes although some handlers threw: TaskDone is in a finally
        queue.Shutdown();
        await workers;

        failed.Sort(StringComparer.Ordinal);
        context.Say(string.Empty);
        context.Say("--- Results ---");
        context.Say($"Successful: {success.Count}");
        context.Say($"Failed: {failed.Count}");
        if (failed.Count > 0)
        {
            context.Say($"Failed books: [[{string.Join(", ", failed.Select(b => $"'{b}'"))}]]");
        }

        return new DemoReport([.. success, .. failed], new Dictionary<string, int> { ["successful"] = success.Count, ["failed"] = failed.Count });
    }

    /// <summary>On Bookline.Pipelines: failures are dead letters with their reason, counted in the report.</summary>
    private static async Task<DemoReport> RunPipelineAsync(DemoContext context, CancellationToken cancellationToken)
    {
        string[] books = [.. Enumerable.Range(0, 10).Select(i => $"Book_{i}")];
        var failing = books.Where(_ => context.NextDouble() < 0.2).ToHashSet();
        var success = new ConcurrentQueue<string>();
        var options = new PipelineOptions
        {
            Name = "errors",
            OnEvent = e =>
            {
                if (e.Kind == PipelineEventKind.ItemDeadLettered)
                {
                    context.Say($"  [red][[Worker {e.Worker}]] ERROR: {TerminalText.Escape(e.Exception!.Message)}[/]");
                }
            },
        };
        Pipeline<string> pipeline = Pipeline.Create<string>(options)
            .Sink("process", async (book, token) =>
            {
                if (failing.Contains(book))
                {
                    throw new InvalidDataException($"Failed to process {book}");
                }

                context.Say($"  Successfully processed {book}");
                success.Enqueue(book);
                await context.WorkAsync(0.5, token);
            }, new StageOptions { Workers = 3 });

        PipelineReport report = await pipeline.RunAsync(
        [
            async (run, token) =>
            {
                foreach (string book in books)
                {
                    await run.WriteAsync(book, token);
                }
            },
        ], cancellationToken, context.AbortToken);

        var failed = report.DeadLetters.Select(d => (string)d.Item!).Order(StringComparer.Ordinal).ToList();
        context.Say(string.Empty);
        context.Say("--- Results ---");
        context.Say($"Successful: {report["process"].Succeeded}");
        context.Say($"Failed: {failed.Count}");
        if (failed.Count > 0)
        {
            context.Say($"Failed books: [[{string.Join(", ", failed.Select(b => $"'{b}'"))}]]");
        }

        return new DemoReport([.. success, .. failed], new Dictionary<string, int> { ["successful"] = (int)report["process"].Succeeded, ["failed"] = failed.Count });
    }
}
