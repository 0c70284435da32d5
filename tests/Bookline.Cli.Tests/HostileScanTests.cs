using Bookline.Tests.Shared;

namespace Bookline.Cli.Tests;

/// <summary>
/// <c>bookline scan</c> as a user runs it, PDFs read in extraction processes, on the library of
/// hostile files: the same outcome for every entry as the scanner's own test gives in-process.
/// </summary>
public sealed class HostileScanTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EveryHostileEntryEndsWithItsReasonWhenPdfsAreReadInExtractionProcesses()
    {
        string library = Path.Combine(_folder.Path, "library");
        IReadOnlyList<HostileLibrary.Entry> entries = HostileLibrary.Write(library, giant: 2L << 30);
        string catalogPath = Path.Combine(_folder.Path, "catalog.db");

        var (exit, text, error) = await CliRun.RunAsync("scan", library, "--catalog", catalogPath, "--scan-workers", "2");

        Assert.True(exit == 3, $"exit {exit} (3: some files failed): {text}{error}");
        using var catalog = CatalogReads.Open(catalogPath);
        var outcomes = catalog.Failures().Select(f => (f.Path, f.Reason)).Concat(catalog.Skipped().Select(s => (s.Path, s.Reason))).ToDictionary(f => f.Path, f => f.Reason, StringComparer.Ordinal);
        foreach (HostileLibrary.Entry entry in entries)
        {
            if (entry.Outcome == "book")
            {
                Assert.True(catalog.FindByPath(entry.Path) is not null, $"{entry.Path} is not in the catalog: {outcomes.GetValueOrDefault(entry.Path, "no reason")}");
            }
            else
            {
                Assert.True(outcomes.TryGetValue(entry.Path, out string? reason) && reason.Contains(entry.Reason, StringComparison.Ordinal), $"{entry.Path}: '{outcomes.GetValueOrDefault(entry.Path, "no outcome")}' does not say '{entry.Reason}'");
            }
        }
    }
}
