using System.Diagnostics;

namespace Bookline.Library.Tests.Formats;

/// <summary>Runs a tool that makes a test's files (ebook-convert, cjb2, djvused, calibredb), within a bound, failing the test with what it said.</summary>
internal static class ToolRun
{
    /// <summary>Runs the tool to its end and returns its output; the test fails if it exits with anything but 0.</summary>
    public static async Task<string> RunAsync(TimeSpan bound, string command, params string[] arguments)
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
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}{await output}");
        return await output;
    }
}
