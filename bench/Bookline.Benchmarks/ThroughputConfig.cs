using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Bookline.Benchmarks;

/// <summary>
/// Several processes and a median: this 2-core machine is noisy, so each suite runs Bookline and
/// its anchors side by side in one run and reads ratios against the anchor (the baseline).
/// Twenty warm-up invocations per process: the anchors live in the shared framework, which is
/// precompiled (ReadyToRun), while Bookline's assemblies start in tier-0 code, and on this machine
/// tiered compilation took 15 to 20 invocations of a 1,000,000-item pipeline to settle. Fewer
/// warm-ups measured Bookline's tier-0 code against the anchors' precompiled code.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default.WithLaunchCount(3).WithWarmupCount(20).WithIterationCount(9).WithInvocationCount(1).WithUnrollFactor(1));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
        HideColumns(Column.Job, Column.InvocationCount, Column.UnrollFactor, Column.LaunchCount, Column.WarmupCount, Column.IterationCount, Column.Error);
    }
}

/// <summary>Items passed per invocation in every throughput suite.</summary>
internal static class Workload
{
    public const int Items = 1_000_000;
}
