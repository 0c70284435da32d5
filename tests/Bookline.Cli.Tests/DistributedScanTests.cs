using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;

namespace Bookline.Cli.Tests;

/// <summary>Several processes share the two cores: these tests run on their own, after the others.</summary>
[CollectionDefinition(nameof(DistributedScanTests), DisableParallelization = true)]
public sealed class DistributedScansRunAlone;

/// <summary>
/// bookline scan --broker with bookline worker processes, on the real RabbitMQ and PostgreSQL:
/// the shared catalog ends as an embedded scan's, whatever happens to a worker or the broker.
/// </summary>
[Collection(nameof(DistributedScanTests))]
public sealed class DistributedScanTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly TempFolder _temp = new();
    private readonly List<string> _databases = [];
    private readonly List<BooklineProcess> _processes = [];
    private readonly string _prefix = "cli-" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose()
    {
        foreach (BooklineProcess process in _processes)
        {
            process.Dispose();
        }

        TestServers.DropDatabases(_databases);
        _temp.Dispose();
    }

    [ServersFact]
    public async Task ACoordinatorAndThreeWorkerProcessesCatalogWhatAnEmbeddedScanDoes()
    {
        string library = Library(textBooks: 60, sample: true);
        string catalog = NewCatalog();
        for (int i = 0; i < 3; i++)
        {
            Worker(catalog);
        }

        BooklineProcess scan = Scan(library, catalog);
        Assert.Equal(3, await scan.ExitAsync(Bound)); // the sample's two broken files failed

        using SqliteCatalog expected = SqliteCatalog.Open(Path.Combine(_temp.Path, "embedded.db"));
        await new LibraryScanner().ScanAsync(library, expected).WaitAsync(Bound);
        using ICatalog shared = CatalogReads.Open(catalog);
        Assert.Equal(Books(expected), Books(shared));
        Assert.Equal(expected.Failures().Select(f => (f.Path, f.Stage, f.Reason)), shared.Failures().Select(f => (f.Path, f.Stage, f.Reason)));
        Assert.Equal(expected.Skipped().Select(f => (f.Path, f.Reason)), shared.Skipped().Select(f => (f.Path, f.Reason)));
        Assert.Contains("70 of 70 files done by the workers: 67 cataloged (as 67 books), 1 skipped, 2 failed.", scan.Output, StringComparison.Ordinal);

        // The poison files are in the dead-letter queue and in bookline failures.
        var (exit, status, _) = await CliRun.RunAsync("status", "--broker", TestServers.Amqp!, "--queue-prefix", _prefix, "--catalog", catalog);
        Assert.Equal(0, exit);
        Assert.Matches(@$"scan\s+│\s+{_prefix}\.scan\s+│\s+0\s+│\s+3\s+│\s+2\s", status);
        var (_, failures, _) = await CliRun.RunAsync("failures", "--broker", TestServers.Amqp!, "--queue-prefix", _prefix, "--catalog", catalog);
        Assert.Contains("2 dead letters on", failures, StringComparison.Ordinal);
        Assert.Matches(@$"broken/torn\.pdf\s+│\s+scan\s+│\s+{_prefix}\.scan\.dead\s+│\s+rejected", failures);
        Assert.Matches(@"broken/torn\.pdf\s+│\s+scan\s+│\s+not a readable PDF", failures);
        Assert.Contains("broken/empty.txt", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("guest", status + failures + scan.Output, StringComparison.Ordinal);
        await StopWorkersAsync();
    }

    [ServersFact]
    public async Task AWorkerKilledMidRunLosesNothingAndEveryBookIsCatalogedOnce()
    {
        const int Books = 300;
        string library = Library(textBooks: Books, sample: false);
        string catalog = NewCatalog();
        BooklineProcess doomed = Worker(catalog, quiet: false);
        BooklineProcess scan = Scan(library, catalog);

        // Once it has finished one file, it holds more deliveries than that (its prefetch): kill it mid-stream.
        await doomed.LineAsync(l => l.StartsWith("catalog done:", StringComparison.Ordinal)).WaitAsync(Bound);
        doomed.KillHard();
        Worker(catalog);

        Assert.Equal(0, await scan.ExitAsync(Bound));
        AssertEveryBookOnce(catalog, Books);
        await StopWorkersAsync(except: doomed);
    }

    [ServersFact]
    public async Task ABrokerRestartMidRunAtTheDefaultQueueSizesLosesNothingAndDeadLettersNothing()
    {
        const int Books = 3000;
        string library = Library(textBooks: Books, sample: false);
        string catalog = NewCatalog();
        BooklineProcess scan = Scan(library, catalog);
        BooklineProcess worker = Worker(catalog, quiet: false);

        // The first book is in the catalog, thousands are still to come: the workers hold deliveries
        // unacknowledged and the queues are at their bound. Restart the broker.
        await worker.LineAsync(l => l.StartsWith("catalog done:", StringComparison.Ordinal)).WaitAsync(Bound);
        TestServers.StopBroker();
        try
        {
            // With the broker down nothing more is delivered, so the scan cannot be over yet.
            Assert.False(scan.HasExited, $"The scan was over before the broker stopped:\n{scan.Output}");
        }
        finally
        {
            TestServers.StartBroker();
        }

        Assert.Equal(0, await scan.ExitAsync(Bound));
        Assert.Contains("Reconnected to the broker.", scan.Output, StringComparison.Ordinal);
        await worker.LineAsync(l => l == "Reconnected to the broker.").WaitAsync(Bound);
        AssertEveryBookOnce(catalog, Books);
        await AssertNoDeadLettersAsync(catalog);
        await StopWorkersAsync();
    }

    [ServersFact]
    public async Task AWorkerWhoseConnectionDropsWhileItSetsUpItsConsumersComesUpAndWorks()
    {
        // The worker reaches the broker through a proxy that cuts every connection the moment the
        // worker opens its first channel (setting up a consumer), as a broker restart would.
        const int Books = 200;
        string library = Library(textBooks: Books, sample: false);
        string catalog = NewCatalog();
        await using TcpProxy proxy = TcpProxy.For(new Uri(TestServers.Amqp!));
        proxy.CutOnFirstChannel();
        BooklineProcess worker = Start("worker", "--broker", proxy.Through(new Uri(TestServers.Amqp!)).ToString(), "--queue-prefix", _prefix, "--catalog", catalog, "--workers", "1");
        await proxy.ChannelCut.Task.WaitAsync(Bound);
        proxy.Refusing = false; // the broker is back

        BooklineProcess scan = Scan(library, catalog);
        Assert.Equal(0, await scan.ExitAsync(Bound));
        Assert.False(worker.HasExited, $"The worker died:\n{worker.Output}");
        AssertEveryBookOnce(catalog, Books);
        await AssertNoDeadLettersAsync(catalog);
        await StopWorkersAsync();
    }

    private async Task AssertNoDeadLettersAsync(string catalog)
    {
        var (exit, status, error) = await CliRun.RunAsync("status", "--broker", TestServers.Amqp!, "--queue-prefix", _prefix, "--catalog", catalog);
        Assert.True(exit == 0, error);
        foreach (string stage in LibraryScanner.StageNames)
        {
            Assert.Matches(@$"{stage}\s+│\s+{_prefix}\.{stage}\s+│\s+\d+\s+│\s+\d+\s+│\s+0\s", status);
        }
    }

    private static void AssertEveryBookOnce(string catalog, int books)
    {
        using ICatalog shared = CatalogReads.Open(catalog);
        var known = shared.KnownFiles();
        Assert.Equal(books, known.Count); // paths are unique in the catalog: each book once
        Assert.Empty(shared.Failures());
        Assert.Equal(books, shared.Search("lighthouse", limit: books * 2).Count);
    }

    private static List<(string, string)> Books(ICatalog catalog) =>
        [.. catalog.KnownFiles().Select(b => (b.Key, b.Value.Sha256)).Order()];

    private string Library(int textBooks, bool sample)
    {
        string library = Path.Combine(_temp.Path, "library");
        if (sample)
        {
            SampleLibrary.Write(library, includeBroken: true);
        }

        string shelf = Path.Combine(library, "generated");
        Directory.CreateDirectory(shelf);
        for (int i = 0; i < textBooks; i++)
        {
            File.WriteAllText(Path.Combine(shelf, $"book{i:000}.txt"), $"Title: Generated {i}\n\nA lighthouse keeper's log, entry {i}.\n");
        }

        return library;
    }

    private string NewCatalog()
    {
        string database = TestServers.NewDatabase();
        _databases.Add(database);
        return database;
    }

    private BooklineProcess Scan(string library, string catalog) =>
        Start("scan", library, "--broker", TestServers.Amqp!, "--queue-prefix", _prefix, "--catalog", catalog);

    private BooklineProcess Worker(string catalog, bool quiet = true)
    {
        string[] args = ["worker", "--broker", TestServers.Amqp!, "--queue-prefix", _prefix, "--catalog", catalog, "--workers", "1"];
        return Start(quiet ? [.. args, "--quiet"] : args);
    }

    private BooklineProcess Start(params string[] args)
    {
        BooklineProcess process = BooklineProcess.Start(args);
        _processes.Add(process);
        return process;
    }

    /// <summary>SIGTERM stops a worker gracefully: it must exit by itself.</summary>
    private async Task StopWorkersAsync(BooklineProcess? except = null)
    {
        foreach (BooklineProcess worker in _processes.Where(p => p != except && !p.HasExited))
        {
            worker.Terminate();
            int exit = await worker.ExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit is 0 or 3, $"A worker exited with {exit}:\n{worker.Output}");
        }
    }
}
