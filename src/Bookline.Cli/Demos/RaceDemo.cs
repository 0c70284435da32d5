using System.Collections.Concurrent;
using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>Timothy's broken system beside the queue-based one, on real threads.</summary>
internal sealed class RaceDemo : IDemo
{
    private const int Books = 500;
    private const int Scanners = 5;

    public string Name => "race";

    public string Summary => "5 scanners share one list and scan books twice, skip some or crash; through a queue, never.";

    public Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        string[] books = [.. Enumerable.Range(1, Books).Select(i => $"Book_{i:000}")];

        context.Say($"[bold]Shared list[/]: {Scanners} scanners take books from one List<string> with no coordination...");
        var shared = new List<string>(books);
        var (listScans, listCrashes) = RunScanners(() =>
        {
            // Check, read, remove: three steps another scanner can get between.
            if (shared.Count == 0)
            {
                return null;
            }

            string book = shared[0];
            Thread.SpinWait(30);
            shared.RemoveAt(0);
            return book;
        });
        Report(context, counts, "list", books, listScans, listCrashes);

        context.Say($"[bold]AsyncQueue[/]: the same {Scanners} scanners take books from one queue...");
        var queue = new AsyncQueue<string>();
        foreach (string book in books)
        {
            queue.TryPut(book);
        }

        var (queueScans, queueCrashes) = RunScanners(() => queue.TryGet(out string? book) ? book : null);
        Report(context, counts, "queue", books, queueScans, queueCrashes);
        return Task.FromResult(new DemoReport(queueScans, counts));
    }

    private static (List<string> Scans, int Crashes) RunScanners(Func<string?> next)
    {
        var scans = new ConcurrentQueue<string>();
        int crashes = 0;
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Scanners).Select(_ => new Thread(() =>
        {
            start.Wait();
            try
            {
                while (next() is { } book)
                {
                    scans.Enqueue(book);
                }
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                Interlocked.Increment(ref crashes); // "sometimes the program just crashes"
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());
        return ([.. scans], crashes);
    }

    private static void Report(DemoContext context, Dictionary<string, int> counts, string key, string[] books, List<string> scans, int crashes)
    {
        int twice = scans.Count - scans.Distinct().Count();
        int never = books.Except(scans).Count();
        counts[$"{key} scans"] = scans.Count;
        counts[$"{key} duplicates"] = twice;
        counts[$"{key} missing"] = never;
        counts[$"{key} crashes"] = crashes;
        string colour = twice + never + crashes == 0 ? "green" : "red";
        context.Say($"  [{colour}]{books.Length} books, {scans.Count} scans: {twice} scanned twice, {never} never scanned, {crashes} {(crashes == 1 ? "scanner" : "scanners")} crashed[/]");
    }
}
