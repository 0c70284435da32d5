using System.Diagnostics;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Tests.Shared;
using Xunit.Abstractions;

namespace Bookline.Faults.Tests;

/// <summary>
/// An embedded scan whose SQLite catalog is on a small tmpfs that fills up mid-scan: the scan must stop
/// saying the disk is full (exit 1, no book recorded as failed for it), and, once there is room, the
/// same command must end with the catalog of an uninterrupted scan, sound by SQLite's and FTS5's checks.
/// </summary>
[Collection(nameof(FaultsRunAlone))]
public sealed class DiskFullTests(FaultLibrary library, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly string _mount = Path.Combine(library.Folder, "small-disk");
    private readonly FaultLog _log = new(output);
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _mount);
        }
    }

    [RootFact]
    public async Task ACatalogWhoseDiskFillsStopsTheScanAndTheSameScanFinishesOnceThereIsRoom()
    {
        Directory.CreateDirectory(_mount);
        Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", _mount);
        _mounted = true;
        string catalog = Path.Combine(_mount, "catalog.db");

        using (BooklineProcess full = BooklineProcess.Start("scan", library.Library, "--catalog", catalog))
        {
            int exit = await full.ExitAsync(Bound);
            _log.Line($"disk full: the scan exited {exit}");
            Assert.True(exit == 1, $"A scan whose catalog's disk is full exited {exit}:\n{full.Output}");
            Assert.Contains("full", full.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", full.Output, StringComparison.Ordinal); // one line, no stack trace
        }

        Run("mount", "-o", "remount,size=64m", _mount);
        using (BooklineProcess again = BooklineProcess.Start("scan", library.Library, "--catalog", catalog))
        {
            int exit = await again.ExitAsync(Bound);
            Assert.True(exit == 3, $"The scan run again once there was room exited {exit}:\n{again.Output}");
        }

        using (SqliteCatalog result = SqliteCatalog.Open(catalog))
        {
            Assert.Empty(CatalogSnapshot.Of(result).Differences(library.Expected));
        }

        Assert.Empty(CatalogSnapshot.IntegrityProblems(catalog));
        _log.Line("disk full: ok after room was made");
    }

    private static void Run(string command, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {error}");
    }
}
