using System.Diagnostics;
using Bookline.Pipelines.Transport;
using Bookline.Queues;

namespace Bookline.Pipelines.Running;

/// <summary>What every kind of stage runner shares: how a wait for input ends, how its time is measured, and its report.</summary>
internal static class StageReporting
{
    /// <summary>The input has ended: completed and drained, abandoned, or the wait was aborted.</summary>
    public static bool IsEndOfInput(Exception exception, CancellationToken abort) =>
        exception is WorkQueueCompletedException or QueueShutDownException
        || (exception is OperationCanceledException && abort.IsCancellationRequested);

    /// <summary>Only a real wait reads the clock: busy time is lifetime minus these waits.</summary>
    public static long BeginWait(WorkerStats stats)
    {
        long started = Stopwatch.GetTimestamp();
        Volatile.Write(ref stats.WaitStartedTicks, started);
        return started;
    }

    public static void EndWait(WorkerStats stats, long started)
    {
        Volatile.Write(ref stats.WaitingTicks, stats.WaitingTicks + (Stopwatch.GetTimestamp() - started));
        Volatile.Write(ref stats.WaitStartedTicks, 0);
    }

    /// <summary>
    /// Adds up the workers' counts, and those of the stage's helpers (an ordered stage's emitter, a keyed stage's
    /// dispatcher), which are no workers of their own; abandoned items reached the stage but no worker, and count as
    /// received and unprocessed.
    /// </summary>
    public static StageReport Report(string name, WorkerStats[] workers, IEnumerable<WorkerStats> helpers, long abandoned, int queueDepth, int queuePeak, TimeSpan elapsed, StageResilience resilience)
    {
        long now = Stopwatch.GetTimestamp();
        long received = 0, processed = 0, emitted = 0, filtered = 0, failed = 0, retried = 0, unprocessed = abandoned, inFlight = 0, permitWait = 0;
        TimeSpan busy = TimeSpan.Zero;
        var lines = new WorkerReport[workers.Length];
        foreach (WorkerStats w in workers.Concat(helpers))
        {
            received += Volatile.Read(ref w.Received);
            processed += Volatile.Read(ref w.Processed);
            emitted += Volatile.Read(ref w.Emitted);
            filtered += Volatile.Read(ref w.Filtered);
            failed += Volatile.Read(ref w.Failed);
            retried += Volatile.Read(ref w.Retried);
            unprocessed += Volatile.Read(ref w.Unprocessed);
            inFlight += Volatile.Read(ref w.InFlight);
            permitWait += Volatile.Read(ref w.PermitWaitTicks);
        }

        for (int i = 0; i < workers.Length; i++)
        {
            WorkerStats w = workers[i];
            TimeSpan workerBusy = w.BusyTime(now);
            busy += workerBusy;
            lines[i] = new WorkerReport(i, Volatile.Read(ref w.Processed), Volatile.Read(ref w.Failed), Volatile.Read(ref w.Retried), Volatile.Read(ref w.InFlight), workerBusy, Volatile.Read(ref w.Current), elapsed);
        }

        return new StageReport(name, lines, received + abandoned, processed, emitted, filtered, failed, retried, inFlight, unprocessed, queueDepth, queuePeak, busy, elapsed)
        {
            PermitWaitTime = TimeSpan.FromTicks(permitWait),
            Circuit = resilience.Circuit,
            CircuitOpenings = resilience.Openings,
        };
    }

    /// <summary>Every item of a stage is settled: the next stage may drain and finish; logged and raised as an event.</summary>
    public static void Completed(RunContext context, string name, Action? completeOutput)
    {
        completeOutput?.Invoke();
        PipelineLog.StageCompleted(context.Options.Logger, context.Options.Name, name);
        context.Raise(new PipelineEvent(PipelineEventKind.StageCompleted, name, -1, null, 0, null));
    }
}
