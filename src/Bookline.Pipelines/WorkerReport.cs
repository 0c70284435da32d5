namespace Bookline.Pipelines;

/// <summary>What one worker of a stage did.</summary>
/// <param name="Worker">The worker's number within its stage, from 0.</param>
/// <param name="Processed">Items it finished successfully.</param>
/// <param name="Failed">Items it sent to the dead-letter sink.</param>
/// <param name="Retried">Attempts beyond the first that it made.</param>
/// <param name="InFlight">1 while it handles an item, else 0.</param>
/// <param name="BusyTime">Time spent handling items: its lifetime minus the time it waited for input.</param>
/// <param name="Current">The item it is working on now (tracked for reference types only, which need no boxing).</param>
/// <param name="Elapsed">Time since the run started, or its whole duration once it is over.</param>
public sealed record WorkerReport(int Worker, long Processed, long Failed, long Retried, int InFlight, TimeSpan BusyTime, object? Current, TimeSpan Elapsed)
{
    /// <summary>Items this worker handled successfully per second of the run.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Processed / Elapsed.TotalSeconds : 0;
}
