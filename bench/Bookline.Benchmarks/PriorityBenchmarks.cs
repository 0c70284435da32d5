using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>Random priorities written all, then read all (order checked), against the prioritized channel.</summary>
[Config(typeof(ThroughputConfig))]
public class PriorityBenchmarks
{
    private readonly int[] _values = Scenarios.RandomValues(Workload.Items, 42);

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Items, Description = "Channel.CreateUnboundedPrioritized")]
    public void PrioritizedChannel() => Scenarios.PrioritizedChannelWriteAllReadAll(Channel.CreateUnboundedPrioritized<int>(), _values);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "AsyncPriorityQueue (stable)")]
    public void AsyncPriorityQueue() => Scenarios.AsyncPriorityQueueWriteAllReadAll(new AsyncPriorityQueue<int>(), _values);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "AsyncPriorityQueue (stable, bounded 1M)")]
    public void BoundedAsyncPriorityQueue() => Scenarios.AsyncPriorityQueueWriteAllReadAll(new AsyncPriorityQueue<int>(Workload.Items), _values);
}
