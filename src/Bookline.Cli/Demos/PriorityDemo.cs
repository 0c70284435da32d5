using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>Urgent books first: a priority queue, lower number first, ties in arrival order.</summary>
internal sealed class PriorityDemo : IDemo
{
    public string Name => "priority";

    public string Summary => "Books with priorities 1-3 come out urgent first; equal priorities keep their arrival order.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var queue = new AsyncPriorityQueue<PrioritizedBook>();
        (int Priority, string Book)[] books =
        [
            (1, "Urgent_Return"),
            (3, "Regular_Book_A"),
            (1, "Urgent_Reserve"),
            (2, "Damaged_Book"),
            (3, "Regular_Book_B"),
        ];
        foreach (var (priority, book) in books)
        {
            await queue.PutAsync(new PrioritizedBook(priority, book), cancellationToken);
            context.Say($"  Added {book} (priority {priority})");
        }

        // The order the queue will hand them out in. (The order in which two workers print is only
        // nearly that: each prints after its get returns, and one may be scheduled late.)
        string[] queued = [.. queue.ToArray().Select(b => b.BookId)];
        context.Say($"  Queue order: {string.Join(", ", queued)}");
        var order = new List<string>();
        Task workers = DemoWorkers.Start(2, queue, async (worker, item) =>
        {
            lock (order)
            {
                order.Add(item.BookId);
                context.Say($"  [[Worker {worker}]] Processing {item.BookId} (priority {item.Priority})");
            }

            await context.WorkAsync(0.5, cancellationToken);
        }, cancellationToken);

        await queue.JoinAsync(cancellationToken);
        queue.Shutdown();
        await workers;
        return new DemoReport(queued, new Dictionary<string, int> { ["processed"] = order.Count });
    }
}
