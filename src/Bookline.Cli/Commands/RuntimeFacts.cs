using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Bookline.Cli.Commands;

/// <summary>The process facts a scan report states: peak memory and the garbage collector's mode.</summary>
internal static class RuntimeFacts
{
    public static double PeakWorkingSetMiB()
    {
        using Process process = Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 1);
    }

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Peak memory {PeakWorkingSetMiB():F1} MiB, {(GCSettings.IsServerGC ? "server" : "workstation")} GC.");
}
