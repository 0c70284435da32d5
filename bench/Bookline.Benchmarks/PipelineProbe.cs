using System.Diagnostics;

namespace Bookline.Benchmarks;

/// <summary>
/// A quick side-by-side of the pipeline scenarios, for profiling and for a first look: each round runs every scenario once,
/// in turn, and the medians over the rounds are printed with their ratio to the anchor. BenchmarkDotNet gives the figures.
/// </summary>
/// <remarks>
/// The first <see cref="WarmupRounds"/> rounds are not counted: tiered compilation takes several runs of a scenario to
/// reach its optimized code (longer on a busy machine, where the background compiler waits for a core).
/// </remarks>
public static class PipelineProbe
{
    private const int WarmupRounds = 10;

    public static async Task RunAsync(int items, int rounds, int workers, string? kind)
    {
        (string Name, Func<Task<long>> Run)[] all =
        [
            ("3 stages: Dataflow", () => PipelineScenarios.DataflowAsync(items, workers, 100)),
            ("3 stages: Channels", () => PipelineScenarios.ChannelsAsync(items, workers, 100)),
            ("3 stages: Bookline", () => PipelineScenarios.BooklineAsync(items, workers, 100)),
            ("ordered: Dataflow", () => PipelineScenarios.DataflowOrderedAsync(items, workers, 100)),
            ("ordered: Bookline", () => PipelineScenarios.BooklineOrderedAsync(items, workers, 100)),
            ("batch: Dataflow", () => PipelineScenarios.DataflowBatchAsync(items, 100, 100)),
            ("batch: Bookline", () => PipelineScenarios.BooklineBatchAsync(items, 100, 100)),
            ("batch: Bookline alike", () => PipelineScenarios.BooklineBatchAsync(items, 100, PipelineScenarios.DataflowBatchBuffer(100, 100))),
            ("keyed: Channels", () => PipelineScenarios.ChannelsPartitionedAsync(items, workers, 100)),
            ("keyed: Bookline", () => PipelineScenarios.BooklineKeyedAsync(items, workers, 100)),
        ];
        (string Name, Func<Task<long>> Run)[] scenarios = [.. all.Where(s => kind is null || s.Name.StartsWith(kind, StringComparison.OrdinalIgnoreCase))];
        var times = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
        for (int round = -WarmupRounds; round < rounds; round++)
        {
            foreach ((string name, Func<Task<long>> run) in scenarios)
            {
                long started = Stopwatch.GetTimestamp();
                await run();
                if (round >= 0)
                {
                    times[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        double Median(string name) => times[name].Order().ElementAt(rounds / 2);
        Console.WriteLine($"{items:N0} items, {workers} workers, {rounds} rounds after {WarmupRounds} (median ms, items/s, vs the anchor above it)");
        string? anchor = null;
        foreach ((string name, _) in scenarios)
        {
            string group = name.Split(':')[0];
            if (anchor is null || anchor.Split(":")[0] != group)
            {
                anchor = name;
            }

            double ms = Median(name);
            Console.WriteLine(FormattableString.Invariant($"{name,-22} {ms,8:0.0} ms {items / ms * 1000,14:N0}/s   x{Median(anchor) / ms:0.00}"));
        }
    }
}
