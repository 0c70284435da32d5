using Xunit.Abstractions;

namespace Bookline.Faults.Tests;

/// <summary>Says what each fault was and how it ended: in the test's output, and in the report file when one is asked for.</summary>
internal sealed class FaultLog(ITestOutputHelper output)
{
    private static readonly Lock ReportLock = new();

    public void Line(string text)
    {
        output.WriteLine(text);
        if (FaultSettings.ReportPath is { } path)
        {
            lock (ReportLock)
            {
                File.AppendAllText(path, text + Environment.NewLine);
            }
        }
    }
}
