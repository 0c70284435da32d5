using Bookline.Cli.Demos;

namespace Bookline.Cli.Tests.Demos;

/// <summary>Every demo runs quickly (--speed 2000) and its summary is checked against what must hold.</summary>
public sealed class DemoTests
{
    private const double Fast = 2000;

    public static TheoryData<string> Names => [.. DemoCatalog.All.Select(d => d.Name)];

    [Fact]
    public void EveryScenarioOfTheStoryHasADemo()
    {
        string[] expected = ["race", "basic", "api", "producer-consumer", "multi", "bounded", "priority", "pipeline", "errors", "shutdown", "lifo"];
        Assert.Equal(expected, DemoCatalog.All.Select(d => d.Name));
        Assert.All(DemoCatalog.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Summary)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task EveryDemoFinishesAndHandlesEachItemAtMostOnce(string name)
    {
        var (report, _) = await Run(name, seed: 1);
        Assert.Equal(report.Handled.Count, report.Handled.Distinct().Count());
        (report, _) = await Run(name, seed: 1, raw: true);
        Assert.Equal(report.Handled.Count, report.Handled.Distinct().Count());
    }

    [Fact]
    public async Task RaceLosesNothingThroughTheQueue()
    {
        var (report, text) = await Run("race", seed: 1);
        Assert.Equal(500, report["queue scans"]);
        Assert.Equal(0, report["queue duplicates"]);
        Assert.Equal(0, report["queue missing"]);
        Assert.Equal(0, report["queue crashes"]);
        Assert.Contains("Shared list", text, StringComparison.Ordinal);
        Assert.Contains("500 books, 500 scans: 0 scanned twice, 0 never scanned, 0 scanners crashed", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicScansFiveBooks()
    {
        var (report, text) = await Run("basic", seed: 2);
        Assert.Equal(["Book_1", "Book_2", "Book_3", "Book_4", "Book_5"], report.Handled.Order());
        Assert.EndsWith("All books scanned!", text.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiPrintsWhatTheStoryPrints()
    {
        var (_, text) = await Run("api", seed: 3);
        Assert.Contains("Queue size: 3\nEmpty? False\nGot: item_1\nGot: item_2\nQueue size after getting 2 items: 1", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("TryPut(\"c\") -> False", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProducerConsumerProcessesTenBooks()
    {
        var (report, text) = await Run("producer-consumer", seed: 4);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"Book_{i:000}"), report.Handled.Order());
        Assert.Contains("Book finder finished!", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MultiTotalsFifteenAndEveryBookAppearsExactlyOnce(bool raw)
    {
        var (report, text) = await Run("multi", seed: 5, raw: raw);
        Assert.Equal(15, report["total"]);
        Assert.Equal(15, Enumerable.Range(0, 5).Sum(w => report[$"cataloger {w}"]));
        string[] expected = [.. new[] { "Shelf_A", "Shelf_B", "Shelf_C" }.SelectMany(s => Enumerable.Range(0, 5).Select(i => $"{s}_Book_{i}"))];
        Assert.Equal(expected.Order(), report.Handled.Order());
        Assert.Contains("Total: 15 books", text, StringComparison.Ordinal);
        Assert.Contains("Cataloger 4:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundedNeverExceedsFiveAndTheProducerVisiblyBlocks()
    {
        var (report, text) = await Run("bounded", seed: 6, speed: 20); // 50 ms of work per book: a wide margin for the queue to fill under load
        Assert.Equal(5, report["max queue size"]);
        Assert.True(report["blocked"] > 0);
        Assert.Equal(20, report["processed"]);
        Assert.Contains("queue full at 5", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriorityProcessesUrgentBooksFirstAndTiesInArrivalOrder()
    {
        var (report, _) = await Run("priority", seed: 7);
        Assert.Equal(["Urgent_Return", "Urgent_Reserve", "Damaged_Book", "Regular_Book_A", "Regular_Book_B"], report.Handled);
        Assert.Equal(5, report["processed"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PipelineCatalogsEveryBookInOrder(bool raw)
    {
        var (report, text) = await Run("pipeline", seed: 8, raw: raw);
        Assert.Equal(["Book_0", "Book_1", "Book_2", "Book_3", "Book_4"], report.Handled);
        Assert.Contains("pages)...", text, StringComparison.Ordinal);
        Assert.Contains("Pipeline complete!", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ErrorsAccountForEveryBookAndTheSeedDecidesWhichFail(bool raw)
    {
        var (first, text) = await Run("errors", seed: 9, raw: raw);
        var (second, _) = await Run("errors", seed: 9, raw: raw);
        Assert.Equal(10, first["successful"] + first["failed"]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"Book_{i}").Order(), first.Handled.Order());
        Assert.Equal(first["failed"], second["failed"]);
        Assert.Equal(first.Handled.Skip(first["successful"]), second.Handled.Skip(second["successful"]));
        Assert.Contains($"Failed: {first["failed"]}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorsFailAboutOneBookInFive()
    {
        int failed = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            failed += (await Run("errors", seed)).Report["failed"];
        }

        Assert.InRange(failed, 20, 60); // 200 books at 20%: 40 expected
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShutdownLosesNothingGracefullyAndCountsWhatImmediateDiscards(bool raw)
    {
        var (report, _) = await Run("shutdown", seed: 10, raw: raw);
        Assert.Equal(8, report["graceful accepted"]);
        Assert.Equal(8, report["graceful processed"]);
        Assert.Equal(4, report["graceful rejected"]);
        Assert.Equal(10, report["immediate processed"] + report["immediate discarded"]);
        Assert.Equal(raw ? 8 : 10, report["immediate discarded"]); // raw: the 2 in hand finish; pipeline: they are cancelled
    }

    [Fact]
    public async Task LifoShelvesTheLastReturnFirst()
    {
        var (report, _) = await Run("lifo", seed: 11);
        Assert.Equal(["Book_5", "Book_4", "Book_3", "Book_2", "Book_1"], report.Handled);
    }

    private static async Task<(DemoReport Report, string Text)> Run(string name, int seed, double speed = Fast, bool raw = false)
    {
        var console = new TestConsole();
        IDemo demo = DemoCatalog.Find(name) ?? throw new ArgumentException(name);
        DemoReport report = await demo.RunAsync(new DemoContext(console.Console, seed, speed) { Raw = raw }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        return (report, console.Text);
    }
}
