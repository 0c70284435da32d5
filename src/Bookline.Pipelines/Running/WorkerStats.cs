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
    public int InFlight;
    public object? Current;

    /// <summary>Time spent waiting for rate-limit permits, in TimeSpan ticks.</summary>
    public long PermitWaitTicks;

    /// <summary>When the worker started; busy time is its lifetime minus the time it waited for input.</summary>
    public long StartedTicks;

    /// <summary>Time spent waiting for input, up to the last wait that ended.</summary>
    public long WaitingTicks;

    /// <summary>When the current wait for input began, or 0 when not waiting.</summary>
    public long WaitStartedTicks;

    /// <summary>When the worker finished, or 0 while it runs.</summary>
    public long EndedTicks;

    /// <summary>Time spent handling items (and passing them on), measured without a clock read per item.</summary>
    public TimeSpan BusyTime(long now)
    {
        long started = Volatile.Read(ref StartedTicks);
        if (started == 0)
        {
            return TimeSpan.Zero;
        }

        long ended = Volatile.Read(ref EndedTicks);
        long end = ended != 0 ? ended : now;
        long waitStarted = Volatile.Read(ref WaitStartedTicks);
        long waiting = Volatile.Read(ref WaitingTicks) + (waitStarted != 0 && ended == 0 ? end - waitStarted : 0);
        return System.Diagnostics.Stopwatch.GetElapsedTime(0, Math.Max(0, end - started - waiting));
    }
}
