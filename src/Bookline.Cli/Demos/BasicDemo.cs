using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>Margaret's first queue: 5 books, 3 scanners, join, then shut down (no sentinels).</summary>
internal sealed class BasicDemo : IDemo
{
    public string Name => "basic";

    public string Summary => "5 books, 3 scanner tasks coordinated by one queue; join waits until every book is scanned.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        context.Say("Starting queue-based system...");
        var queue = new AsyncQueue<string>();
        foreach (string book in Enumerable.Range(1, 5).Select(i => $"Book_{i}"))
        {
            await queue.PutAsync(book, cancellationToken);
        }

        var scanned = new List<string>();
        Task workers = DemoWorkers.Start(3, queue, async (worker, book) =>
        {
            context.Say($"  Worker {worker} scanning {book}...");
            await context.WorkAsync(0.5, 1.5, cancellationToken);
            context.Say($"  Worker {worker} finished {book}");
            lock (scanned)
            {
                scanned.Add(book);
            }
        }, cancellationToken);

        await queue.JoinAsync(cancellationToken);
        queue.Shutdown(); // the workers' loops end: no sentinel values needed
        await workers;
        context.Say("All books scanned!");
        return new DemoReport(scanned, new Dictionary<string, int> { ["scanned"] = scanned.Count });
    }
}
