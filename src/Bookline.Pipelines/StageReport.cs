namespace Bookline.Pipelines;

/// <summary>
/// What a stage did. Every item it received is accounted for exactly once:
/// <c>Received == Succeeded + Filtered + DeadLettered + InFlight + Unprocessed</c>, with InFlight 0
/// once the run is over.
/// </summary>
/// <param name="Name">The stage's name.</param>
/// <param name="Workers">Per worker, in worker order.</param>
/// <param name="Received">Items taken from its queue.</param>
/// <param name="Succeeded">Items handled successfully (and passed on, for a stage with an output).</param>
/// <param name="Emitted">Items passed to the next stage (one-to-many stages may emit several per item).</param>
/// <param name="Filtered">Items a filter stage dropped on purpose.</param>
/// <param name="DeadLettered">Items that failed their last attempt.</param>
/// <param name="Retried">Attempts beyond the first, over all items.</param>
/// <param name="InFlight">Items being handled right now.</param>
/// <param name="Unprocessed">Items an immediate shutdown stopped: cancelled while running, plus those still queued.</param>
/// <param name="QueueDepth">Items waiting in its queue now.</param>
/// <param name="QueueHighWaterMark">The most items seen waiting in its queue.</param>
/// <param name="BusyTime">Time its workers spent in the handler, added up.</param>
/// <param name="Elapsed">Time since the run started, or its whole duration once it is over.</param>
public sealed record StageReport(
    string Name,
    IReadOnlyList<WorkerReport> Workers,
    long Received,
    long Succeeded,
    long Emitted,
    long Filtered,
    long DeadLettered,
    long Retried,
    long InFlight,
    long Unprocessed,
    int QueueDepth,
    int QueueHighWaterMark,
    TimeSpan BusyTime,
    TimeSpan Elapsed)
{
    /// <summary>Time the stage's workers spent waiting for permits of its <see cref="StageOptions.RateLimiter"/>, added up.</summary>
    public TimeSpan PermitWaitTime { get; init; }

    /// <summary>Where the stage's circuit breaker stands, or null for a stage without one.</summary>
    public CircuitState? Circuit { get; init; }

    /// <summary>How many times the stage's circuit breaker opened.</summary>
    public int CircuitOpenings { get; init; }

    /// <summary>Items handled successfully per second of the run.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;
}
