using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>One producer, one consumer, no bound: PutAsync/GetAsync against WriteAsync/ReadAsync.</summary>
[Config(typeof(ThroughputConfig))]
public class UnboundedSpscBenchmarks
{
    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Items, Description = "Channel.CreateUnbounded")]
    public Task Channel() => Scenarios.ChannelSpsc(System.Threading.Channels.Channel.CreateUnbounded<int>(), Workload.Items);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "AsyncQueue()")]
    public Task AsyncQueue() => Scenarios.AsyncQueueSpsc(new AsyncQueue<int>(), Workload.Items);
}
