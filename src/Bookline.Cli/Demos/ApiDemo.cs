using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>The queue's methods one by one, as in the story's API tour, plus bounds and shutdown.</summary>
internal sealed class ApiDemo : IDemo
{
    public string Name => "api";

    public string Summary => "PutAsync, GetAsync, TaskDone, Count, IsEmpty, IsFull, UnfinishedTasks and Shutdown, one at a time.";

    public async Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var queue = new AsyncQueue<string>();
        await queue.PutAsync("item_1", cancellationToken);
        await queue.PutAsync("item_2", cancellationToken);
        await queue.PutAsync("item_3", cancellationToken);
        context.Say($"Queue size: {queue.Count}");
        context.Say($"Empty? {queue.IsEmpty}");

        var got = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            string item = await queue.GetAsync(cancellationToken);
            got.Add(item);
            context.Say($"Got: {item}");
            queue.TaskDone(); // mark as processed
        }

        context.Say($"Queue size after getting 2 items: {queue.Count}");
        context.Say($"Unfinished tasks: {queue.UnfinishedTasks} (put 3, done 2)");

        var bounded = new AsyncQueue<string>(maxSize: 2);
        bounded.TryPut("a");
        bounded.TryPut("b");
        context.Say($"Bounded queue of 2 holding 2: Full? {bounded.IsFull}; TryPut(\"c\") -> {bounded.TryPut("c")}");

        queue.Shutdown();
        string last = await queue.GetAsync(cancellationToken);
        got.Add(last);
        context.Say($"After Shutdown(): GetAsync still drains {last}; the next get throws {nameof(QueueShutDownException)}: {await ThrowsShutDown(() => queue.GetAsync(cancellationToken).AsTask())}");
        return new DemoReport(got, new Dictionary<string, int> { ["remaining"] = queue.Count, ["unfinished"] = queue.UnfinishedTasks });
    }

    private static async Task<bool> ThrowsShutDown(Func<Task> operation)
    {
        try
        {
            await operation();
            return false;
        }
        catch (QueueShutDownException)
        {
            return true;
        }
    }
}
