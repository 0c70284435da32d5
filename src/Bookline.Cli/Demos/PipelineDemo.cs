using Bookline.Pipelines;
using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>scan → index → catalog through three queues; each stage shuts the next down when it is drained.</summary>
internal sealed class PipelineDemo : IDemo
{
    public string Name => "pipeline";

    public string Summary => "Books flow scan -> index -> catalog through three queues; completion propagates without sentinels.";

    public Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken) =>
        context.Raw ? RunRawAsync(context, cancellationToken) : RunPipelineAsync(context, cancellationToken);

    /// <summary>The story's version: hand-written worker loops over a queue.</summary>
    private static async Task<DemoReport> RunRawAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var scanQueue = new AsyncQueue<string>();
        var indexQueue = new AsyncQueue<ScannedBook>();
        var catalogQueue = new AsyncQueue<ScannedBook>();
        var cataloged = new List<string>();

        Task scanner = Stage(scanQueue, indexQueue, async book =>
        {
            context.Say($"  [[Scanner]] Scanning {book}...");
            await context.WorkAsync(0.3, 0.6, cancellationToken);
            await indexQueue.PutAsync(new ScannedBook(book, context.Next(100, 501)), cancellationToken);
        });
        Task indexer = Stage(indexQueue, catalogQueue, async data =>
        {
            context.Say($"  [[Indexer]] Indexing {data.BookId} ({data.Pages} pages)...");
            await context.WorkAsync(0.2, 0.4, cancellationToken);
            await catalogQueue.PutAsync(data with { Indexed = true }, cancellationToken);
        });
        Task cataloger = Stage<ScannedBook, string>(catalogQueue, next: null, async data =>
        {
            context.Say($"  [[Cataloger]] Cataloging {data.BookId}...");
            await context.WorkAsync(0.1, 0.3, cancellationToken);
            cataloged.Add(data.BookId);
        });

        for (int i = 0; i < 5; i++)
        {
            await scanQueue.PutAsync($"Book_{i}", cancellationToken);
        }

        scanQueue.Shutdown(); // end of input: the stages drain and shut down one after another
        await Task.WhenAll(scanner, indexer, cataloger);
        context.Say(string.Empty);
        context.Say("Pipeline complete!");
        return new DemoReport(cataloged, new Dictionary<string, int> { ["cataloged"] = cataloged.Count });

        // One worker per stage; when its input is shut down and drained, it shuts down its output.
        Task Stage<TIn, TOut>(AsyncQueue<TIn> input, AsyncQueue<TOut>? next, Func<TIn, Task> handle) => Task.Run(
            async () =>
            {
                await foreach (TIn item in input.ReadAllAsync(cancellationToken))
                {
                    try
                    {
                        await handle(item);
                    }
                    finally
                    {
                        input.TaskDone();
                    }
                }

                next?.Shutdown();
            },
            cancellationToken);
    }

    /// <summary>On Bookline.Pipelines: a typed chain of stages, no queue or shutdown code at all.</summary>
    private static async Task<DemoReport> RunPipelineAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var cataloged = new List<string>();
        var oneAtATime = new StageOptions { Workers = 1, Capacity = 2 };
        Pipeline<string> pipeline = Pipeline.Create<string>(new PipelineOptions { Name = "books" })
            .Transform("scan", async (book, token) =>
            {
                context.Say($"  [[Scanner]] Scanning {book}...");
                await context.WorkAsync(0.3, 0.6, token);
                return new ScannedBook(book, context.Next(100, 501));
            }, oneAtATime)
            .Transform("index", async (data, token) =>
            {
                context.Say($"  [[Indexer]] Indexing {data.BookId} ({data.Pages} pages)...");
                await context.WorkAsync(0.2, 0.4, token);
                return data with { Indexed = true };
            }, oneAtATime)
            .Sink("catalog", async (data, token) =>
            {
                context.Say($"  [[Cataloger]] Cataloging {data.BookId}...");
                await context.WorkAsync(0.1, 0.3, token);
                cataloged.Add(data.BookId);
            }, oneAtATime);

        PipelineReport report = await pipeline.RunAsync(
        [
            async (run, token) =>
            {
                for (int i = 0; i < 5; i++)
                {
                    await run.WriteAsync($"Book_{i}", token);
                }
            },
        ], cancellationToken, context.AbortToken);

        context.Say(string.Empty);
        context.Say("Pipeline complete!");
        PipelineReportTable.Write(context, report);
        return new DemoReport(cataloged, new Dictionary<string, int> { ["cataloged"] = (int)report["catalog"].Succeeded });
    }

    private sealed record ScannedBook(string BookId, int Pages, bool Indexed = false);
}
