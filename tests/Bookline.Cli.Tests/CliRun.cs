namespace Bookline.Cli.Tests;

/// <summary>Runs the bookline command line in-process and captures what it prints.</summary>
internal static class CliRun
{
    /// <summary>Runs <c>bookline args</c>; Text is the console plus help output, Error the usage errors.</summary>
    public static async Task<(int Exit, string Text, string Error)> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await BooklineApp.RunAsync(args, console.Console, output, error).WaitAsync(TimeSpan.FromSeconds(120));
        return (exit, console.Text + output, error.ToString());
    }
}
