namespace Bookline.Faults.Tests;

/// <summary>
/// How much fault injection a run does, from the environment: the short sample by default (what every
/// test run does), many more under scripts/faults.sh --soak. The seed is printed with every fault, and
/// BOOKLINE_FAULT_SEED replays a sequence.
/// </summary>
internal static class FaultSettings
{
    /// <summary>Faults injected into distributed scans (BOOKLINE_FAULTS); the sample is one of each of the seven main kinds.</summary>
    public static int DistributedFaults => Number("BOOKLINE_FAULTS", 7);

    /// <summary>Embedded scans killed or stopped and run again (BOOKLINE_KILLS).</summary>
    public static int EmbeddedFaults => Number("BOOKLINE_KILLS", 20);

    /// <summary>The first seed (BOOKLINE_FAULT_SEED); the sample's is fixed, so that every test run injects the same faults.</summary>
    public static int Seed => Number("BOOKLINE_FAULT_SEED", 20261128);

    /// <summary>True when the faults are chosen at random among every kind (a soak), not the sample's fixed set.</summary>
    public static bool Soak => Environment.GetEnvironmentVariable("BOOKLINE_FAULT_SOAK") == "1";

    /// <summary>Where each fault's outcome is appended as a line of text (BOOKLINE_FAULT_REPORT), or null.</summary>
    public static string? ReportPath => Environment.GetEnvironmentVariable("BOOKLINE_FAULT_REPORT") is { Length: > 0 } path ? path : null;

    private static int Number(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
