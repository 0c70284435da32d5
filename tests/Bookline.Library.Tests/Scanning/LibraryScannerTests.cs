using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;
using Bookline.Library.Tests.Catalog;
using Bookline.Pipelines;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

public sealed class LibraryScannerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();
    private readonly string _library;

    public LibraryScannerTests()
    {
        _library = Path.Combine(_folder.Path, "library");
        SampleLibrary.Write(_library, includeBroken: true);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TheSampleLibraryIsCatalogedWithEveryFailureAndSkipExplained()
    {
        using SqliteCatalog catalog = Open();
        LibraryScanReport report = await Scan(catalog);

        Assert.Equal(10, report.Found);
        Assert.Equal(7, report.Cataloged);
        Assert.Equal(1, report.Skipped);
        Assert.Equal(2, report.Failed);
        Assert.False(report.AllDone);
        CatalogStatus status = catalog.GetStatus();
        Assert.Equal(7, status.Books);
        Assert.Equal(3, status.ByShelf["fiction"]);
        Assert.Equal(2, status.ByShelf["manuals"]);
        Assert.Equal(new Dictionary<string, long> { ["epub"] = 1, ["html"] = 2, ["pdf"] = 1, ["txt"] = 3 }, status.ByFormat);

        var failures = catalog.Failures().ToDictionary(f => f.Path);
        Assert.Equal("empty file", failures["broken/empty.txt"].Reason);
        Assert.StartsWith("not a readable PDF", failures["broken/torn.pdf"].Reason, StringComparison.Ordinal);
        Assert.Equal(2, failures.Count);
        CatalogSkip skipped = Assert.Single(catalog.Skipped());
        Assert.Equal(("broken/holiday-photo.jpg", "not a book format Bookline reads (.jpg)"), (skipped.Path, skipped.Reason));
        Assert.Equal((2, 1), (status.Failures, status.Skipped));

        Assert.Equal("Café au lait", catalog.FindByPath("fiction/cafe-au-lait.txt")!.Title);
        Assert.Equal("Harbour Guide", catalog.FindByPath("manuals/harbour-guide/index.html")!.Title);
        Assert.Null(catalog.FindByPath("manuals/harbour-guide/tides.html"));
        // "whales" and "whaling" both stem to "whale".
        Assert.Equal(["Café au lait", "Songs of the Shore", "The Lighthouse Keeper"], catalog.Search("whale").Select(h => h.Title).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARescanSkipsEverythingUnchangedAndWhatFailedBefore()
    {
        using SqliteCatalog catalog = Open();
        await Scan(catalog);
        LibraryScanReport again = await Scan(catalog);

        Assert.Equal(10, again.Found);
        Assert.Equal(7, again.Unchanged);
        Assert.Equal(2, again.PreviouslyFailed); // the empty text and the torn PDF
        Assert.Equal(1, again.Skipped); // the image, not a book: skipped before, and still
        Assert.Equal(0, again.Cataloged);
        Assert.True(again.AllDone);
    }

    [Fact]
    public async Task AFileThatFailedIsReadAgainOnceItIsWrittenAgain()
    {
        using SqliteCatalog catalog = Open();
        await Scan(catalog);
        string empty = Path.Combine(_library, "broken", "empty.txt");
        File.WriteAllText(empty, "Title: Mended\n\nThe keeper wrote it out again.\n");
        File.SetLastWriteTimeUtc(empty, DateTime.UtcNow.AddMinutes(1)); // written after its failure was recorded

        LibraryScanReport report = await Scan(catalog);

        Assert.Equal(1, report.Cataloged);
        Assert.Equal(1, report.PreviouslyFailed); // the torn PDF, untouched
        Assert.Equal("Mended", catalog.FindByPath("broken/empty.txt")!.Title);
        Assert.DoesNotContain(catalog.Failures(), f => f.Path == "broken/empty.txt");
    }

    [Fact]
    public async Task AFileWhoseTimeChangedButNotItsContentIsNotReadAgain()
    {
        using SqliteCatalog catalog = Open();
        await Scan(catalog);
        File.SetLastWriteTimeUtc(Path.Combine(_library, "fiction", "winter-garden.txt"), DateTime.UtcNow.AddHours(1));

        LibraryScanReport report = await Scan(catalog);

        Assert.Equal(0, report.Cataloged);
        Assert.Equal(7, report.Unchanged);
    }

    [Fact]
    public async Task AChangedFileIsUpdatedAndARemovedOneIsMarked()
    {
        using SqliteCatalog catalog = Open();
        await Scan(catalog);
        string changed = Path.Combine(_library, "fiction", "winter-garden.txt");
        File.WriteAllText(changed, "Title: The Spring Garden\n\nThe tulips opened in April.");
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
        File.Delete(Path.Combine(_library, "poetry", "evening-hymn.html"));

        LibraryScanReport report = await Scan(catalog);

        Assert.Equal(1, report.Cataloged);
        Assert.Equal(1, report.Removed);
        Assert.Equal("The Spring Garden", Assert.Single(catalog.Search("tulips")).Title);
        Assert.Empty(catalog.Search("orange"));
        Assert.Equal(6, catalog.GetStatus().Books);
    }

    [Fact]
    public async Task RetryFailedScansTheFailuresAgain()
    {
        using SqliteCatalog catalog = Open();
        await Scan(catalog);
        File.WriteAllText(Path.Combine(_library, "broken", "empty.txt"), "Title: Not Empty Any More\n\nRepaired.");
        LibraryScanReport report = await Scan(catalog, new LibraryScanOptions { RetryFailed = true });
        Assert.Equal(1, report.Cataloged);
        Assert.Equal(2, report.Failed + report.Skipped);
        Assert.DoesNotContain(catalog.Failures(), f => f.Path == "broken/empty.txt");
    }

    [Fact]
    public async Task AStoppedScanResumedEndsWithTheSameCatalogAsAnUninterruptedOne()
    {
        string reference = Path.Combine(_folder.Path, "reference.db");
        using (SqliteCatalog full = SqliteCatalog.Open(reference))
        {
            await Scan(full);
        }

        using SqliteCatalog catalog = Open();
        using var stop = new CancellationTokenSource();
        LibraryScanReport stopped = await new LibraryScanner().ScanAsync(_library, catalog, new LibraryScanOptions { ScanWorkers = 1, QueueSize = 1 },
            onStarted: run => stop.Cancel(), stop: stop.Token).WaitAsync(Bound);
        Assert.Equal(PipelineOutcome.Stopped, stopped.Pipeline.Outcome);
        Accounting(stopped);

        await Scan(catalog);

        using SqliteCatalog expected = SqliteCatalog.Open(reference);
        Assert.Equal(Books(expected), Books(catalog));
        Assert.Equal(expected.Failures().Select(f => (f.Path, f.Reason)), catalog.Failures().Select(f => (f.Path, f.Reason)));
        Assert.Equal(expected.Skipped().Select(f => (f.Path, f.Reason)), catalog.Skipped().Select(f => (f.Path, f.Reason)));
    }

    [Fact]
    public async Task AFileThatReadsTooLongFailsAsTimedOutAndTheScanGoesOn()
    {
        using SqliteCatalog catalog = Open();
        var reader = new BookReader([new HangingReader(), new EpubBookReader(), new HtmlBookReader(), new PdfBookReader()]);
        // Long enough for a cold first read of a PDF on a busy machine, far shorter than the hanging reader's 5 s.
        LibraryScanReport report = await new LibraryScanner(reader).ScanAsync(_library, catalog,
            new LibraryScanOptions { FileTimeout = TimeSpan.FromSeconds(2) }).WaitAsync(Bound);

        var failures = catalog.Failures().ToDictionary(f => f.Path);
        Assert.Equal("timed out after 00:00:02", failures["fiction/the-lighthouse-keeper.txt"].Reason);
        Assert.Equal(4, report.Cataloged); // epub, two html, pdf
    }

    [Fact]
    public async Task ACatalogLockedLongerThanItsRetriesStopsTheScanFailsNoBookAndTheSameScanCarriesOn()
    {
        string path = Path.Combine(_folder.Path, "catalog.db");
        using SqliteCatalog catalog = SqliteCatalog.Open(path);
        catalog.BusyTimeout = TimeSpan.FromSeconds(1);
        // Another writer holds the database for longer than the catalog stage tries: an outage, not a book's fault.
        using (var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            blocker.Open();
            using var hold = blocker.BeginTransaction(deferred: false);
            var options = new LibraryScanOptions
            {
                BatchSize = 1,
                ScanWorkers = 1,
                CatalogRetry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), UseJitter = false },
            };

            LibraryScanReport stopped = await Scan(catalog, options);

            Assert.Equal(PipelineOutcome.Aborted, stopped.Pipeline.Outcome);
            StageOutageException outage = Assert.IsType<StageOutageException>(Assert.Single(stopped.Pipeline.Failures));
            Assert.Equal("catalog", outage.Stage);
            Assert.DoesNotContain(stopped.Pipeline.DeadLetters, d => d.Stage == "catalog");
            Accounting(stopped);
        }

        Assert.DoesNotContain(catalog.Failures(), f => f.Stage == "catalog");

        // The lock is gone: the same scan carries on and ends as an uninterrupted one.
        LibraryScanReport resumed = await Scan(catalog);
        Assert.Equal(PipelineOutcome.Completed, resumed.Pipeline.Outcome);
        Assert.Equal(7, catalog.GetStatus().Books);
        Assert.Equal(["broken/empty.txt", "broken/torn.pdf"], catalog.Failures().Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal("broken/holiday-photo.jpg", Assert.Single(catalog.Skipped()).Path);
    }

    [Fact]
    public async Task ABookTheCatalogRefusesFailsAloneAndTheBooksBatchedWithItAreWritten()
    {
        for (int i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Combine(_library, "fiction", $"tale-{i:D2}.txt"), $"Title: Tale {i}\n\nA short tale about a lighthouse, number {i}.\n");
        }

        using var catalog = new RefusingCatalog(Open(), "fiction/tale-07.txt");
        var options = new LibraryScanOptions { BatchSize = 8, ScanWorkers = 2 };

        LibraryScanReport report = await new LibraryScanner().ScanAsync(_library, catalog, options).WaitAsync(Bound);

        Accounting(report);
        Assert.Equal((47 - 1, 1, 2 + 1), (report.Cataloged, report.Skipped, report.Failed));
        Assert.Equal(46, catalog.GetStatus().Books);
        Assert.Null(catalog.FindByPath("fiction/tale-07.txt"));
        CatalogFailure refused = Assert.Single(catalog.Failures(), f => f.Stage == "catalog");
        Assert.Equal(("fiction/tale-07.txt", "the catalog refused it: no room for this one"), (refused.Path, refused.Reason));
        // One failed batch, then its books one by one: no storm of retried batches.
        Assert.InRange(catalog.Writes, 1, (47 / 8) + 2 + 8);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task EveryStoreEndsWithTheSameCatalogOfTheSampleLibrary(string kind)
    {
        using var stores = new CatalogStores();
        using SqliteCatalog expected = Open();
        await Scan(expected);
        using ICatalog catalog = stores.OpenNew(kind);

        LibraryScanReport report = await new LibraryScanner().ScanAsync(_library, catalog).WaitAsync(Bound);

        Assert.Equal((7, 1, 2), (report.Cataloged, report.Skipped, report.Failed));
        Assert.Equal(Books(expected), Books(catalog));
        Assert.Equal(expected.Failures().Select(f => (f.Path, f.Reason)), catalog.Failures().Select(f => (f.Path, f.Reason)));
        Assert.Equal(expected.Skipped().Select(f => (f.Path, f.Reason)), catalog.Skipped().Select(f => (f.Path, f.Reason)));
        Assert.Equal(["Café au lait", "Songs of the Shore", "The Lighthouse Keeper"], catalog.Search("whale").Select(h => h.Title).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AMissingLibraryIsAClearError()
    {
        using SqliteCatalog catalog = Open();
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new LibraryScanner().ScanAsync(Path.Combine(_folder.Path, "nowhere"), catalog));
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    private static void Accounting(LibraryScanReport report)
    {
        foreach (StageReport stage in report.Pipeline.Stages)
        {
            Assert.Equal(stage.Received, stage.Succeeded + stage.DeadLettered + stage.Filtered + stage.Unprocessed);
        }
    }

    private static List<(string, string)> Books(ICatalog catalog) =>
        [.. catalog.KnownFiles().Select(b => (b.Key, b.Value.Sha256)).Order()];

    private SqliteCatalog Open() => SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));

    private Task<LibraryScanReport> Scan(SqliteCatalog catalog, LibraryScanOptions? options = null) =>
        new LibraryScanner().ScanAsync(_library, catalog, options).WaitAsync(Bound);

    /// <summary>A catalog that refuses, for good, any write holding one book: as PostgreSQL refuses text it cannot encode.</summary>
    private sealed class RefusingCatalog(SqliteCatalog inner, string refusedPath) : ICatalog
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public string Location => inner.Location;

        public Task<string> GetDataVersionAsync(CancellationToken cancellationToken = default) => inner.GetDataVersionAsync(cancellationToken);

        public Task SetAccountAsync(CatalogAccount account, CancellationToken cancellationToken = default) => inner.SetAccountAsync(account, cancellationToken);

        public Task<bool> RemoveAccountAsync(string name, CancellationToken cancellationToken = default) => inner.RemoveAccountAsync(name, cancellationToken);

        public Task<IReadOnlyList<CatalogAccount>> AccountsAsync(CancellationToken cancellationToken = default) => inner.AccountsAsync(cancellationToken);

        public int SearchCacheSize
        {
            get => inner.SearchCacheSize;
            set => inner.SearchCacheSize = value;
        }

        public Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<BookToIndex> books, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            return books.Any(b => b.Book.Path == refusedPath) ? throw new CatalogException("no room for this one") : inner.WriteAsync(books, cancellationToken);
        }

        public Task RecordFailureAsync(CatalogFailure failure, CancellationToken cancellationToken = default) => inner.RecordFailureAsync(failure, cancellationToken);

        public Task RecordSkipAsync(CatalogSkip skip, CancellationToken cancellationToken = default) => inner.RecordSkipAsync(skip, cancellationToken);

        public Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) => inner.SearchAsync(request, cancellationToken);

        public Task OptimizeAsync(CancellationToken cancellationToken = default) => inner.OptimizeAsync(cancellationToken);

        public Task<IReadOnlyDictionary<string, KnownFile>> KnownFilesAsync(CancellationToken cancellationToken = default) => inner.KnownFilesAsync(cancellationToken);

        public Task<IReadOnlyList<CatalogBook>> BooksAsync(CancellationToken cancellationToken = default) => inner.BooksAsync(cancellationToken);

        public Task ReplaceSidecarsAsync(IReadOnlyDictionary<string, string> sidecars, CancellationToken cancellationToken = default) => inner.ReplaceSidecarsAsync(sidecars, cancellationToken);

        public Task<int> MarkRemovedExceptAsync(IReadOnlySet<string> seen, CancellationToken cancellationToken = default) => inner.MarkRemovedExceptAsync(seen, cancellationToken);

        public Task<CatalogBook?> FindAsync(long id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

        public Task<CatalogBook?> FindByPathAsync(string path, CancellationToken cancellationToken = default) => inner.FindByPathAsync(path, cancellationToken);

        public Task<CatalogStatus> GetStatusAsync(CancellationToken cancellationToken = default) => inner.GetStatusAsync(cancellationToken);

        public Task<IReadOnlyList<CatalogFailure>> FailuresAsync(CancellationToken cancellationToken = default) => inner.FailuresAsync(cancellationToken);

        public Task<IReadOnlyList<CatalogSkip>> SkippedAsync(CancellationToken cancellationToken = default) => inner.SkippedAsync(cancellationToken);

        public Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken = default) => inner.NowAsync(cancellationToken);

        public Task<CatalogOutcomes> OutcomesSinceAsync(IReadOnlyCollection<string> paths, DateTimeOffset since, CancellationToken cancellationToken = default) =>
            inner.OutcomesSinceAsync(paths, since, cancellationToken);

        public void Dispose() => inner.Dispose();
    }

    /// <summary>A text reader that never finishes, like a parser stuck in a loop.</summary>
    private sealed class HangingReader : IBookReader
    {
        public BookFormat Format => BookFormat.Text;

        public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
        {
            Thread.Sleep(TimeSpan.FromSeconds(5)); // far beyond the time limit; bounded so no thread is lost for good
            throw new InvalidOperationException("The scan should have given up on this file long ago.");
        }
    }
}
