using Bookline.Catalog.Sqlite;
using Bookline.Tests.Shared;

namespace Bookline.Cli.Tests;

/// <summary>
/// Ctrl+C in a terminal signals bookline's whole process group, OCR processes included. A file being
/// recognized then is not the file's fault: a graceful stop finishes it, an immediate stop leaves it
/// pending, and the same command read again catalogs every file, with no failure recorded.
/// </summary>
/// <remarks>
/// The OCR command is a stand-in on the PATH that says when it has started and answers only once the
/// test lets it, so that the signal lands while it runs, every time.
/// </remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StopDuringOcrTests : IDisposable
{
    private const int Pages = 5;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly TempFolder _temp = new();
    private readonly string _library;
    private readonly string _marks;
    private readonly string _catalog;
    private readonly Dictionary<string, string> _environment;

    public StopDuringOcrTests()
    {
        _library = Path.Combine(_temp.Path, "library");
        _marks = Path.Combine(_temp.Path, "marks");
        _catalog = Path.Combine(_temp.Path, "catalog.db");
        Directory.CreateDirectory(Path.Combine(_library, "scans"));
        Directory.CreateDirectory(_marks);
        for (int i = 0; i < Pages; i++)
        {
            File.WriteAllBytes(Path.Combine(_library, "scans", $"page{i}.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, (byte)i]);
        }

        string bin = Path.Combine(_temp.Path, "bin");
        Directory.CreateDirectory(bin);
        string ocr = Path.Combine(bin, "tesseract");
        File.WriteAllText(ocr, """
            #!/bin/sh
            if [ "$1" = "--version" ]; then echo "tesseract 5 (stand-in)"; exit 0; fi
            name=$(basename "$1")
            touch "$BOOKLINE_TEST_MARKS/$name.started"
            while [ ! -e "$BOOKLINE_TEST_MARKS/release" ]; do sleep 0.02; done
            echo "HARBOUR LIGHT on $name"
            touch "$BOOKLINE_TEST_MARKS/$name.done"
            """);
        File.SetUnixFileMode(ocr, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _environment = new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["BOOKLINE_TEST_MARKS"] = _marks,
        };
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OneCtrlCToTheGroupFinishesThePagesBeingRecognizedAndFailsNone()
    {
        using BooklineProcess scan = Scan();
        Started(2);

        scan.InterruptGroup();
        await scan.LineAsync(l => l.StartsWith("Stopping:", StringComparison.Ordinal)).WaitAsync(Bound);
        File.WriteAllText(Path.Combine(_marks, "release"), string.Empty);

        Assert.Equal(130, await scan.ExitAsync(Bound));
        Assert.True(Directory.GetFiles(_marks, "*.done").Length >= 2, "The pages being recognized were not finished:\n" + scan.Output);
        await AssertResumeCatalogsEveryPageAsync();
    }

    [Fact]
    public async Task TwoCtrlCsEndTheRecognitionThemselvesAndLeaveThosePagesPending()
    {
        using BooklineProcess scan = Scan();
        Started(2);

        scan.InterruptGroup();
        await scan.LineAsync(l => l.StartsWith("Stopping:", StringComparison.Ordinal)).WaitAsync(Bound);
        scan.InterruptGroup();

        Assert.Equal(130, await scan.ExitAsync(Bound));
        Assert.Empty(Directory.GetFiles(_marks, "*.done")); // ended by bookline, not left running
        File.WriteAllText(Path.Combine(_marks, "release"), string.Empty);
        await AssertResumeCatalogsEveryPageAsync();
    }

    private BooklineProcess Scan() =>
        BooklineProcess.StartInOwnGroup(_environment, "scan", _library, "--catalog", _catalog, "--scan-workers", "2");

    /// <summary>Waits until <paramref name="count"/> recognitions have started.</summary>
    private void Started(int count)
    {
        using var watcher = new FileSystemWatcher(_marks, "*.started") { EnableRaisingEvents = true };
        var deadline = DateTime.UtcNow + Bound;
        while (Directory.GetFiles(_marks, "*.started").Length < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "The OCR stand-in never started.");
            watcher.WaitForChanged(WatcherChangeTypes.Created, 200);
        }
    }

    private async Task AssertResumeCatalogsEveryPageAsync()
    {
        using (var catalog = Bookline.Catalog.Sqlite.SqliteCatalog.Open(_catalog))
        {
            Assert.Empty(catalog.Failures()); // nothing was the pages' fault
        }

        using BooklineProcess again = Scan();
        int exit = await again.ExitAsync(Bound);
        Assert.True(exit == 0, $"The resumed scan exited {exit}:\n{again.Output}");
        using var resumed = Bookline.Catalog.Sqlite.SqliteCatalog.Open(_catalog);
        Assert.Equal(Pages, resumed.GetStatus().Books);
        Assert.Empty(resumed.Failures());
    }
}
