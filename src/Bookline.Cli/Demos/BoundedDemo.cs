using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>A fast producer throttled by a queue of 5 and two slow consumers: backpressure.</summary>
internal sealed class BoundedDemo : IDemo
{
    private const int MaxSize = 5;

    public string Name => "bounded";

    public string Summary => "A fast producer and 2 slow consumers on a queue of 5: the producer blocks when it is full.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var queue = new AsyncQueue<string>(MaxSize);
        var handled = new List<string>();
        int maxSeen = 0, blocks = 0;

        Task consumers = DemoWorkers.Start(2, queue, async (worker, book) =>
        {
            context.Say($"  [[Worker {worker}]] Processing {book}...");
            await context.WorkAsync(1.0, cancellationToken);
            lock (handled)
            {
                handled.Add(book);
            }
        }, cancellationToken);

        context.Say($"Fast producer starting... (queue holds at most {MaxSize})");
        for (int i = 0; i < 20; i++)
        {
            string book = $"Book_{i}";
            int size = queue.Count;
            maxSeen = Math.Max(maxSeen, size);
            context.Say($"  Producing {book}... (queue size: {size})");
            if (queue.IsFull)
            {
                blocks++;
                context.Say($"  [yellow][[queue full at {queue.Count}: producer blocks until a worker makes room]][/]");
            }

            await queue.PutAsync(book, cancellationToken);
            maxSeen = Math.Max(maxSeen, queue.Count);
            await context.WorkAsync(0.1, cancellationToken);
        }

        context.Say("Producer finished");
        await queue.JoinAsync(cancellationToken);
        queue.Shutdown();
        await consumers;
        context.Say($"All done! Queue size never went above {maxSeen}; the producer blocked {blocks} times.");
        return new DemoReport(handled, new Dictionary<string, int> { ["max queue size"] = maxSeen, ["blocked"] = blocks, ["processed"] = handled.Count });
    }
}
