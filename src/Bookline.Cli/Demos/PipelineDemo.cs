using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>scan → index → catalog through three queues; each stage shuts the next down when it is drained.</summary>
internal sealed class PipelineDemo : IDemo
{
    public string Name => "pipeline";

    public string Summary => "Books flow scan -> index -> catalog through three queues; completion propagates without sentinels.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
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

    private sealed record ScannedBook(string BookId, int Pages, bool Indexed = false);
}
