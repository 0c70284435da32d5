namespace Bookline.Pipelines;

/// <summary>What happened in a pipeline event.</summary>
public enum PipelineEventKind
{
    /// <summary>A worker finished an item.</summary>
    ItemSucceeded,

    /// <summary>An attempt failed and the item will be tried again.</summary>
    ItemRetried,

    /// <summary>An item failed its last attempt and went to the dead-letter sink.</summary>
    ItemDeadLettered,

    /// <summary>Every worker of a stage has finished.</summary>
    StageCompleted,

    /// <summary>The stage's circuit breaker opened: it takes no item until the break is over.</summary>
    CircuitOpened,

    /// <summary>The break is over: the stage tries one item.</summary>
    CircuitHalfOpened,

    /// <summary>The stage's circuit breaker closed again: items flow.</summary>
    CircuitClosed,
}

/// <summary>A live event from a running pipeline, for progress displays.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Stage">The stage it happened in.</param>
/// <param name="Worker">The worker, or -1 for a stage event.</param>
/// <param name="Item">The item concerned, if any.</param>
/// <param name="Attempt">The attempt number (1 for the first).</param>
/// <param name="Exception">The failure, for retries and dead letters.</param>
public readonly record struct PipelineEvent(PipelineEventKind Kind, string Stage, int Worker, object? Item, int Attempt, Exception? Exception);
