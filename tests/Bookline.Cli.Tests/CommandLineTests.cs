namespace Bookline.Cli.Tests;

/// <summary>The command line as a user meets it: help, listing, good runs and clear errors.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task DemoListNamesEveryScenario()
    {
        var (exit, text, _) = await CliRun.RunAsync("demo", "--list");
        Assert.Equal(0, exit);
        foreach (string name in new[] { "race", "basic", "api", "producer-consumer", "multi", "bounded", "priority", "pipeline", "errors", "shutdown", "lifo" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DemoMultiRunsAndPrintsTheTotal()
    {
        var (exit, text, _) = await CliRun.RunAsync("demo", "multi", "--speed", "1000", "--seed", "3");
        Assert.Equal(0, exit);
        Assert.Contains("Total: 15 books", text, StringComparison.Ordinal);
        Assert.Contains("--seed 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownScenarioIsAUsageErrorThatNamesIt()
    {
        var (exit, _, error) = await CliRun.RunAsync("demo", "dragons");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown scenario 'dragons'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task ANonPositiveSpeedIsAUsageErrorThatNamesTheOption(string speed)
    {
        var (exit, _, error) = await CliRun.RunAsync("demo", "multi", "--speed", speed);
        Assert.Equal(2, exit);
        Assert.Contains("--speed must be a positive number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonNumericSeedIsAUsageError()
    {
        var (exit, _, error) = await CliRun.RunAsync("demo", "multi", "--seed", "abc");
        Assert.Equal(2, exit);
        Assert.Contains("abc", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("demo", "--help")]
    public async Task HelpIsAvailableOnEveryCommand(params string[] args)
    {
        var (exit, _, _) = await CliRun.RunAsync(args);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task DemoHelpDescribesTheOptions()
    {
        var output = new StringWriter();
        var console = new TestConsole();
        int exit = await BooklineApp.RunAsync(["demo", "--help"], console.Console, output, output);
        Assert.Equal(0, exit);
        Assert.Contains("--seed", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--speed", output.ToString(), StringComparison.Ordinal);
    }
}
