using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>
/// A quick side-by-side run (Stopwatch, median of several rounds) for use while tuning; the
/// published figures come from the BenchmarkDotNet suite.
/// </summary>
public static class Probe
{
    public static async Task RunAsync(int n, int rounds)
    {
        int[] values = Scenarios.RandomValues(n, 42);
        var rows = new (string Name, Func<Task> Run)[]
        {
            ("unbounded SPSC  AsyncQueue", () => Scenarios.AsyncQueueSpsc(new AsyncQueue<int>(), n)),
            ("unbounded SPSC  Channel", () => Scenarios.ChannelSpsc(Channel.CreateUnbounded<int>(), n)),
            ("bounded100 SPSC AsyncQueue", () => Scenarios.AsyncQueueSpsc(new AsyncQueue<int>(100), n)),
            ("bounded100 SPSC Channel", () => Scenarios.ChannelSpsc(Channel.CreateBounded<int>(100), n)),
            ("bounded100 SPSC BufferBlock", () => Scenarios.BufferBlockSpsc(new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 100 }), n)),
            ("bounded1000 SPSC BlockingColl", () => { Scenarios.BlockingCollectionSpsc(new BlockingCollection<int>(1000), n); return Task.CompletedTask; }),
            ("bounded1000 4x4 AsyncQueue", () => Scenarios.AsyncQueueMpmc(new AsyncQueue<int>(1000), n, 4, 4)),
            ("bounded1000 4x4 Channel", () => Scenarios.ChannelMpmc(Channel.CreateBounded<int>(1000), n, 4, 4)),
            ("priority all/all AsyncPQ", () => { Scenarios.AsyncPriorityQueueWriteAllReadAll(new AsyncPriorityQueue<int>(), values); return Task.CompletedTask; }),
            ("priority all/all Channel", () => { Scenarios.PrioritizedChannelWriteAllReadAll(Channel.CreateUnboundedPrioritized<int>(), values); return Task.CompletedTask; }),
        };
        foreach (var (name, run) in rows)
        {
            await run(); // warm-up
            var rates = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                await run();
                rates.Add(n / sw.Elapsed.TotalSeconds / 1e6);
            }

            rates.Sort();
            Console.WriteLine($"{name,-32} median {rates[rates.Count / 2],6:F2} M/s  (min {rates[0]:F2}, max {rates[^1]:F2})");
        }
    }
}
