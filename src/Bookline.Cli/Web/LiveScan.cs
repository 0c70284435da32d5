using Bookline.Pipelines;

namespace Bookline.Cli.Web;

/// <summary>
/// The scan running in this process, as the live dashboard sees it: the pipeline's snapshot while it
/// runs, and its final report once it is over.
/// </summary>
internal sealed class LiveScan
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<PipelineReport>? _snapshot;
    private PipelineReport? _final;

    public LiveScan(string library) => Library = library;

    /// <summary>The library being scanned.</summary>
    public string Library { get; }

    /// <summary>Completes when the scan is over.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Called when the pipeline starts.</summary>
    public void Attach<TSource>(PipelineRun<TSource> run) => Volatile.Write(ref _snapshot, run.Snapshot);

    /// <summary>Called with the scan's report when it is over; wakes every event stream for its last event.</summary>
    public void Finish(PipelineReport report)
    {
        Volatile.Write(ref _final, report);
        _finished.TrySetResult();
    }

    /// <summary>How the scan stands now, or null before its pipeline has started.</summary>
    public PipelineReport? Snapshot() => Volatile.Read(ref _final) ?? Volatile.Read(ref _snapshot)?.Invoke();
}
