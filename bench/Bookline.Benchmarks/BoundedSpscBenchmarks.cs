using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>One producer, one consumer on a bounded buffer, against Channels, Dataflow and BlockingCollection.</summary>
[Config(typeof(ThroughputConfig))]
public class BoundedSpscBenchmarks
{
    [Params(100, 1000)]
    public int Capacity { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Items, Description = "Channel.CreateBounded")]
    public Task Channel() => Scenarios.ChannelSpsc(System.Threading.Channels.Channel.CreateBounded<int>(Capacity), Workload.Items);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "AsyncQueue(capacity)")]
    public Task AsyncQueue() => Scenarios.AsyncQueueSpsc(new AsyncQueue<int>(Capacity), Workload.Items);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Dataflow BufferBlock")]
    public Task BufferBlock() => Scenarios.BufferBlockSpsc(new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = Capacity }), Workload.Items);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "BlockingCollection (2 threads)")]
    public void BlockingCollection() => Scenarios.BlockingCollectionSpsc(new BlockingCollection<int>(Capacity), Workload.Items);
}
