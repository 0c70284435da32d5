using BenchmarkDotNet.Attributes;

namespace Bookline.Benchmarks;

/// <summary>Ordered, batch and keyed stages over 1,000,000 items, each against what a .NET developer would use instead.</summary>
[Config(typeof(ThroughputConfig))]
public class StageKindBenchmarks
{
    [Params(2, 4)]
    public int Workers { get; set; }

    [Params(100)]
    public int Capacity { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Items, Description = "Dataflow TransformBlock, EnsureOrdered")]
    public Task<long> DataflowOrdered() => PipelineScenarios.DataflowOrderedAsync(Workload.Items, Workers, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Bookline ordered stage")]
    public Task<long> BooklineOrdered() => PipelineScenarios.BooklineOrderedAsync(Workload.Items, Workers, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Dataflow BatchBlock (100)")]
    public Task<long> DataflowBatch() => PipelineScenarios.DataflowBatchAsync(Workload.Items, 100, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Bookline batch stage (100)")]
    public Task<long> BooklineBatch() => PipelineScenarios.BooklineBatchAsync(Workload.Items, 100, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Bookline batch stage (100), as many items buffered")]
    public Task<long> BooklineBatchBufferedAlike() => PipelineScenarios.BooklineBatchAsync(Workload.Items, 100, PipelineScenarios.DataflowBatchBuffer(100, Capacity));

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "hand-written Channels partitioner")]
    public Task<long> ChannelsKeyed() => PipelineScenarios.ChannelsPartitionedAsync(Workload.Items, Workers, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Bookline stage ordered by key")]
    public Task<long> BooklineKeyed() => PipelineScenarios.BooklineKeyedAsync(Workload.Items, Workers, Capacity);
}
