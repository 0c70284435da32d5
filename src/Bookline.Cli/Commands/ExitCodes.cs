namespace Bookline.Cli.Commands;

/// <summary>The process exit codes of <c>bookline</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>Something went wrong that is not the command line's fault (the message says what).</summary>
    public const int Error = 1;

    /// <summary>The command line was wrong (an unknown option, a bad value, a missing argument).</summary>
    public const int Usage = 2;

    /// <summary>
    /// Files are failed (see <c>bookline failures</c>). For <c>scan</c>: files of the library, failed in
    /// this scan or in an earlier one and not read again, so a rerun of a scan says the same until the
    /// files are fixed or gone. For <c>worker</c>: files that failed in this worker's run.
    /// </summary>
    public const int SomeFilesFailed = 3;

    /// <summary>The run was interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
