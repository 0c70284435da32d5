namespace Bookline.Library.Tests.Watching;

/// <summary>Waits for a short tool process and gives its exit code.</summary>
internal static class ProcessExit
{
    public static int WaitForExitAndGet(this System.Diagnostics.Process process)
    {
        using (process)
        {
            process.WaitForExit(30_000);
            return process.ExitCode;
        }
    }
}
