namespace Bookline.Cli;

/// <summary>
/// Ctrl+C as a user expects it from a long run: the first press stops gracefully (no new work,
/// everything accepted is finished), the second stops immediately (running work is cancelled and
/// reported), the third ends the process. SIGTERM counts as a press.
/// </summary>
/// <remarks>
/// Not disposable on purpose: a signal can arrive while the process is already exiting, and its
/// handler must then find sources it can still cancel (sources without timers hold nothing to free).
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A late signal must still be able to cancel: see remarks.")]
internal sealed class Interruption
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private int _presses;

    /// <summary>Cancelled by the first Ctrl+C.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Cancelled by the second Ctrl+C.</summary>
    public CancellationToken Abort => _abort.Token;

    /// <summary>Handles one Ctrl+C; returns false when the process should be allowed to end.</summary>
    public bool Press()
    {
        switch (Interlocked.Increment(ref _presses))
        {
            case 1:
                Console.Error.WriteLine("Stopping: finishing the work already accepted. Press Ctrl+C again to stop at once.");
                _stop.Cancel();
                return true;
            case 2:
                Console.Error.WriteLine("Stopping at once: running work is cancelled and reported.");
                _abort.Cancel();
                return true;
            default:
                return false;
        }
    }
}
