using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>3 shelf scanners feeding 5 catalogers through one queue, with a per-cataloger summary.</summary>
internal sealed class MultiDemo : IDemo
{
    private const int Catalogers = 5;

    public string Name => "multi";

    public string Summary => "3 shelf scanners (producers) and 5 catalogers (consumers) share one queue; 15 books, each once.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
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
}
