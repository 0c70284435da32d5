namespace Bookline.Pipelines;

/// <summary>What one worker of a stage did.</summary>
/// <param name="Worker">The worker's number within its stage, from 0.</param>
/// <param name="Processed">Items it finished successfully.</param>
/// <param name="Failed">Items it sent to the dead-letter sink.</param>
/// <param name="BusyTime">Time spent inside the stage's handler.</param>
/// <param name="Current">The item it is working on now, if any.</param>
public sealed record WorkerReport(int Worker, long Processed, long Failed, TimeSpan BusyTime, object? Current);
