namespace Bookline.Pipelines.Running;

/// <summary>
/// One worker's counters. Only that worker writes them, so no two workers contend on a cache line
/// per item; reports read them without locks and may be a moment behind.
/// </summary>
internal sealed class WorkerStats
{
    public long Received;
    public long Processed;
    public long Emitted;
    public long Filtered;
    public long Failed;
    public long Retried;
    public long Unprocessed;
    public long BusyTicks;
    public int InFlight;
    public object? Current;
}
