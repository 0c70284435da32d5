using System.Diagnostics;

namespace Bookline.Library.Tests.Formats;

/// <summary>Runs a tool that makes a test's files (ebook-convert, cjb2, djvused), within a bound, failing the test with what it said.</summary>
internal static class ToolRun
{
    public static async Task RunAsync(TimeSpan bound, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(bound);
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {await errors}{await output}");
    }
}
