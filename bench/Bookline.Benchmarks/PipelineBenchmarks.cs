using BenchmarkDotNet.Attributes;

namespace Bookline.Benchmarks;

/// <summary>A 3-stage no-op pipeline over 1,000,000 items against Dataflow and a hand-written Channels chain.</summary>
[Config(typeof(ThroughputConfig))]
public class PipelineBenchmarks
{
    [Params(1, 2)]
    public int Workers { get; set; }

    [Params(100)]
    public int Capacity { get; set; }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workload.Items, Description = "Dataflow TransformBlock chain")]
    public Task<long> Dataflow() => PipelineScenarios.DataflowAsync(Workload.Items, Workers, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "hand-written bounded Channels chain")]
    public Task<long> Channels() => PipelineScenarios.ChannelsAsync(Workload.Items, Workers, Capacity);

    [Benchmark(OperationsPerInvoke = Workload.Items, Description = "Bookline pipeline")]
    public Task<long> Bookline() => PipelineScenarios.BooklineAsync(Workload.Items, Workers, Capacity);
}
