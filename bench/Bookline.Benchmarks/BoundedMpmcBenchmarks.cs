using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>Four producers, four consumers, a buffer of 1000.</summary>
[Config(typeof(ThroughputConfig))]
public class BoundedMpmcBenchmarks
{
    private const int Capacity = 1000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Items, Description = "Channel.CreateBounded 4P/4C")]
    public Task Channel() => Scenarios.ChannelMpmc(System.Threading.Channels.Channel.CreateBounded<int>(Capacity), Workload.Items, 4, 4);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "AsyncQueue 4P/4C")]
    public Task AsyncQueue() => Scenarios.AsyncQueueMpmc(new AsyncQueue<int>(Capacity), Workload.Items, 4, 4);
}
