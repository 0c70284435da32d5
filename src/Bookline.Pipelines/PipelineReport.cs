namespace Bookline.Pipelines;

/// <summary>How a pipeline run ended.</summary>
public enum PipelineOutcome
{
    /// <summary>Still running (a snapshot).</summary>
    Running,

    /// <summary>Every source finished and every item was handled.</summary>
    Completed,

    /// <summary>Stopped gracefully before the sources finished: no new input, everything accepted was handled.</summary>
    Stopped,

    /// <summary>Stopped immediately: running handlers were cancelled and queued items dropped, all counted as unprocessed.</summary>
    Aborted,
}

/// <summary>What a pipeline run did, stage by stage.</summary>
/// <param name="Name">The pipeline's name.</param>
/// <param name="Outcome">How the run ended.</param>
/// <param name="Accepted">Items the producers put into the pipeline.</param>
/// <param name="Stages">Per stage, in order.</param>
/// <param name="DeadLetters">Every item that failed its last attempt, in the order they failed.</param>
/// <param name="Failures">Exceptions thrown by producers given to RunAsync or by the dead-letter sink, and the outage that stopped a run (<see cref="StageOutageException"/>).</param>
/// <param name="Elapsed">How long the run took (so far).</param>
public sealed record PipelineReport(
    string Name,
    PipelineOutcome Outcome,
    long Accepted,
    IReadOnlyList<StageReport> Stages,
    IReadOnlyList<DeadLetter> DeadLetters,
    IReadOnlyList<Exception> Failures,
    TimeSpan Elapsed)
{
    /// <summary>The stage with this name.</summary>
    /// <param name="name">The stage's name.</param>
    /// <returns>Its report.</returns>
    public StageReport this[string name] => Stages.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"The pipeline has no stage named '{name}'.");
}
