namespace Bookline.Pipelines.Running;

/// <summary>A running stage, seen without its item types: what the run needs to wait, stop and report.</summary>
internal abstract class StageRunner
{
    protected StageRunner(string name) => Name = name;

    public string Name { get; }

    public KeyValuePair<string, object?> Tag => new("bookline.stage", Name);

    /// <summary>Completes when every worker has finished and the next stage's queue was completed.</summary>
    public abstract Task Completion { get; }

    public abstract int QueueDepth { get; }

    public abstract void Start(CancellationToken abort);

    /// <summary>After an immediate shutdown, drops what is still queued and counts it as unprocessed.</summary>
    public abstract void AbandonQueue();

    public abstract StageReport Report(TimeSpan elapsed);
}
