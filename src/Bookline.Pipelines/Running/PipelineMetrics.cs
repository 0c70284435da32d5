using System.Diagnostics.Metrics;

namespace Bookline.Pipelines.Running;

/// <summary>The instruments of one pipeline run; disposed with the run so its gauge stops reporting.</summary>
internal sealed class PipelineMetrics : IDisposable
{
    private readonly Meter _meter = new(PipelineTelemetry.SourceName);

    public PipelineMetrics(string pipeline, Func<IEnumerable<StageRunner>> stages)
    {
        Pipeline = new KeyValuePair<string, object?>("bookline.pipeline", pipeline);
        Processed = _meter.CreateCounter<long>(PipelineTelemetry.ItemsProcessed, "{item}", "Items handled successfully by a stage.");
        Failed = _meter.CreateCounter<long>(PipelineTelemetry.ItemsFailed, "{item}", "Items that failed their last attempt at a stage.");
        Retried = _meter.CreateCounter<long>(PipelineTelemetry.ItemsRetried, "{attempt}", "Attempts beyond the first.");
        Duration = _meter.CreateHistogram<double>(PipelineTelemetry.ItemDuration, "s", "Time one item spends in a stage's handler.");
        _meter.CreateObservableGauge(
            PipelineTelemetry.QueueDepth,
            () => stages().Select(s => new Measurement<int>(s.QueueDepth, Pipeline, s.Tag)),
            "{item}",
            "Items waiting in a stage's queue.");
    }

    public KeyValuePair<string, object?> Pipeline { get; }

    public Counter<long> Processed { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Retried { get; }

    public Histogram<double> Duration { get; }

    public void Dispose() => _meter.Dispose();
}
