using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

/// <summary>
/// A library of hostile files (devices, pipes, sockets, sparse giants, zip and entity bombs, deep
/// nesting, link loops, names that are not UTF-8) scans to its end: every entry is a book, a failure
/// or a skip, each with a reason that names its cause. (Peak memory is measured in bench/, on the
/// full-size library.)
/// </summary>
public sealed class HostileLibraryTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EveryHostileEntryEndsWithAReasonThatNamesItsCauseAndTheGoodBooksAreCataloged()
    {
        string library = Path.Combine(_folder.Path, "library");
        IReadOnlyList<HostileLibrary.Entry> entries = HostileLibrary.Write(library, giant: 2L << 30); // sparse: 2 GiB that take no disk
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));

        LibraryScanReport report = await new LibraryScanner().ScanAsync(library, catalog, new LibraryScanOptions { ScanWorkers = 2 }).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Completed, report.Pipeline.Outcome);
        Assert.Empty(report.Pipeline.Failures);
        // Every entry that is not a book has one outcome: a failure (stage "scan") or a skip, with its reason.
        var failures = catalog.Failures().Select(f => (f.Path, Outcome: f.Stage, f.Reason))
            .Concat(catalog.Skipped().Select(s => (s.Path, Outcome: "skipped", s.Reason)))
            .ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (HostileLibrary.Entry entry in entries)
        {
            switch (entry.Outcome)
            {
                case "book":
                    Assert.True(catalog.FindByPath(entry.Path) is not null, $"{entry.Path} is not in the catalog; failures: {(failures.TryGetValue(entry.Path, out var f) ? f.Reason : "none")}");
                    break;
                default:
                    Assert.True(failures.TryGetValue(entry.Path, out var failure), $"{entry.Path} has no recorded outcome");
                    Assert.True(failure.Reason.Contains(entry.Reason, StringComparison.Ordinal), $"{entry.Path}: '{failure.Reason}' does not say '{entry.Reason}'");
                    Assert.Equal(entry.Outcome == "skipped" ? "skipped" : "scan", failure.Outcome);
                    break;
            }
        }

        Assert.Equal(entries.Count, report.Found);
        Assert.Equal(entries.Count(e => e.Outcome == "book"), report.Cataloged);
        Assert.Equal(entries.Count(e => e.Outcome == "skipped"), report.Skipped);
        Assert.Equal(entries.Count(e => e.Outcome == "failed"), report.Failed);
    }

    [Fact]
    public async Task ALinkOutOfTheLibraryIsFollowedWhenAskedAndALoopThroughItIsNot()
    {
        string library = Path.Combine(_folder.Path, "library");
        string outside = Path.Combine(_folder.Path, "elsewhere");
        Directory.CreateDirectory(Path.Combine(library, "shelf"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "far.txt"), "Title: Far Away\n\nA lighthouse far away.\n");
        Directory.CreateSymbolicLink(Path.Combine(library, "shelf", "far"), outside);
        Directory.CreateSymbolicLink(Path.Combine(outside, "back"), outside); // a loop, outside the library
        Directory.CreateSymbolicLink(Path.Combine(library, "shelf", "twin"), outside); // the same folder twice
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));

        LibraryScanReport report = await new LibraryScanner().ScanAsync(library, catalog, new LibraryScanOptions { FollowLinks = true }).WaitAsync(Bound);

        Assert.Equal(1, report.Cataloged);
        Assert.Equal(1, catalog.GetStatus().Books);
        var failures = catalog.Failures().Select(f => (f.Path, f.Reason)).Concat(catalog.Skipped().Select(s => (s.Path, s.Reason)))
            .ToDictionary(f => f.Path, f => f.Reason, StringComparer.Ordinal);
        Assert.Contains("which this scan reads already (a loop of links)", failures["shelf/far/back"], StringComparison.Ordinal);
        Assert.Contains("which this scan reads already", failures["shelf/twin"], StringComparison.Ordinal);
    }

    [Fact]
    public void AReaderRefusesWhatIsNotARegularFileWithoutOpeningIt()
    {
        var reader = new BookReader();
        string link = Path.Combine(_folder.Path, "zero.txt");
        File.CreateSymbolicLink(link, "/dev/zero");
        var error = Assert.Throws<BookReadException>(() => reader.Read(link));
        Assert.Equal("a link to '/dev/zero', a character device, not a regular file: Bookline reads only regular files", error.Message);
    }
}
