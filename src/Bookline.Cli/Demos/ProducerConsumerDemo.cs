using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>One book finder producing while 3 scanners consume: the queue decouples them.</summary>
internal sealed class ProducerConsumerDemo : IDemo
{
    public string Name => "producer-consumer";

    public string Summary => "A book finder produces 10 books while 3 scanners consume them concurrently.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var queue = new AsyncQueue<string>();
        var scanned = new List<string>();
        Task producer = Task.Run(
            async () =>
            {
                context.Say("Book finder starting...");
                for (int i = 0; i < 10; i++)
                {
                    string book = $"Book_{i:000}";
                    context.Say($"  Found {book}");
                    await queue.PutAsync(book, cancellationToken);
                    await context.WorkAsync(0.1, 0.3, cancellationToken);
                }

                context.Say("Book finder finished!");
            },
            cancellationToken);

        Task consumers = DemoWorkers.Start(3, queue, async (worker, book) =>
        {
            context.Say($"  [[Worker {worker}]] Scanning {book}...");
            await context.WorkAsync(0.5, 1.0, cancellationToken);
            context.Say($"  [[Worker {worker}]] Finished {book}");
            lock (scanned)
            {
                scanned.Add(book);
            }
        }, cancellationToken);

        await producer;
        await queue.JoinAsync(cancellationToken);
        queue.Shutdown();
        await consumers;
        context.Say(string.Empty);
        context.Say("All books processed!");
        return new DemoReport(scanned, new Dictionary<string, int> { ["scanned"] = scanned.Count });
    }
}
