using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Bookline.Cli.Commands;

/// <summary>The process facts a scan report states: peak memory, CPU time and the garbage collector's mode and cost.</summary>
internal static class RuntimeFacts
{
    public static double PeakWorkingSetMiB()
    {
        using Process process = Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 1);
    }

    /// <summary>User plus kernel time of every thread so far: against wall time it says how busy the cores were.</summary>
    public static double CpuSeconds()
    {
        using Process process = Process.GetCurrentProcess();
        return Math.Round(process.TotalProcessorTime.TotalSeconds, 2);
    }

    /// <summary>Time the runtime held threads paused for garbage collection.</summary>
    public static double GcPauseSeconds() => Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 2);

    public static double AllocatedMiB() => Math.Round(GC.GetTotalAllocatedBytes() / 1048576.0, 1);

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Peak memory {PeakWorkingSetMiB():F1} MiB, {(GCSettings.IsServerGC ? "server" : "workstation")} GC (paused {GcPauseSeconds():F1} s), CPU {CpuSeconds():F1} s.");
}
