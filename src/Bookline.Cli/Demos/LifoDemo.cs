using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>The returns pile: the last book dropped on it is the first picked up.</summary>
internal sealed class LifoDemo : IDemo
{
    public string Name => "lifo";

    public string Summary => "A returns pile as a LIFO queue: the last book put down is the first one shelved.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var pile = new AsyncLifoQueue<string>();
        for (int i = 1; i <= 5; i++)
        {
            await pile.PutAsync($"Book_{i}", cancellationToken);
            context.Say($"  Returned Book_{i} onto the pile");
        }

        var shelved = new List<string>();
        Task worker = DemoWorkers.Start(1, pile, async (_, book) =>
        {
            context.Say($"  [[Shelver]] Shelving {book}");
            shelved.Add(book);
            await context.WorkAsync(0.2, cancellationToken);
        }, cancellationToken);

        await pile.JoinAsync(cancellationToken);
        pile.Shutdown();
        await worker;
        context.Say($"Shelved in order: {string.Join(", ", shelved)}");
        return new DemoReport(shelved, new Dictionary<string, int> { ["shelved"] = shelved.Count });
    }
}
