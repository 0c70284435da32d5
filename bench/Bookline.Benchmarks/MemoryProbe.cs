using System.Diagnostics;

namespace Bookline.Benchmarks;

/// <summary>
/// Runs one pipeline over N items in this process and prints its peak memory: run it in fresh
/// processes for 1,000,000 and 10,000,000 items to see that backpressure keeps memory flat.
/// </summary>
public static class MemoryProbe
{
    public static async Task RunAsync(string kind, int items)
    {
        long peakHeap = 0;
        using var sampling = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var watch = Stopwatch.StartNew();
        await (kind switch
        {
            "bookline" => PipelineScenarios.BooklineAsync(items, 1, 100),
            "dataflow" => PipelineScenarios.DataflowAsync(items, 1, 100),
            "channels" => PipelineScenarios.ChannelsAsync(items, 1, 100),
            _ => throw new ArgumentException($"Unknown kind '{kind}': bookline, dataflow or channels."),
        });
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(FormattableString.Invariant(
            $"{kind} {items:N0} items: {watch.Elapsed.TotalSeconds:F2} s, peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MiB, peak managed heap {peakHeap / 1048576.0:F1} MiB, gen2 collections {GC.CollectionCount(2)}"));
    }
}
