using System.Diagnostics;

namespace Bookline.Pipelines;

/// <summary>
/// The names under which pipelines publish traces and metrics. Enable the activity source (for
/// example with OpenTelemetry's AddSource) to get one span per item and stage.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the meter.</summary>
    public const string SourceName = "Bookline.Pipelines";

    /// <summary>Counter of items handled successfully, tagged with pipeline and stage.</summary>
    public const string ItemsProcessed = "bookline.pipeline.items.processed";

    /// <summary>Counter of items that failed their last attempt.</summary>
    public const string ItemsFailed = "bookline.pipeline.items.failed";

    /// <summary>Counter of attempts beyond the first.</summary>
    public const string ItemsRetried = "bookline.pipeline.items.retried";

    /// <summary>Histogram of the time one item spends in a stage's handler, in seconds.</summary>
    public const string ItemDuration = "bookline.pipeline.item.duration";

    /// <summary>Gauge of the items waiting in each stage's queue.</summary>
    public const string QueueDepth = "bookline.pipeline.queue.depth";

    internal static ActivitySource ActivitySource { get; } = new(SourceName);
}
