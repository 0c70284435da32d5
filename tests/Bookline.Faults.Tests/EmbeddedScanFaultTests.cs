using System.Diagnostics;
using System.Globalization;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Tests.Shared;
using Xunit.Abstractions;

namespace Bookline.Faults.Tests;

/// <summary>
/// An embedded <c>bookline scan</c> killed (kill -9, of it or of its process group) or stopped (SIGTERM,
/// Ctrl+C to its group, Ctrl+C twice) at a random moment, the first and the last second of a scan
/// among them, then the same command run again: every time, the catalog must equal an uninterrupted
/// scan's, pass SQLite's and FTS5's integrity checks, and every process must have exited 0, 3 or 130.
/// </summary>
[Collection(nameof(FaultsRunAlone))]
public sealed class EmbeddedScanFaultTests(FaultLibrary library, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly FaultLog _log = new(output);

    private enum Signal
    {
        Kill,
        KillGroup,
        Terminate,
        InterruptGroup,
        InterruptGroupTwice,
    }

    [Fact]
    public async Task AScanKilledOrStoppedAtAnyMomentAndRunAgainEndsAsAnUninterruptedOne()
    {
        TimeSpan duration = await MeasureAsync();
        int seed = FaultSettings.Seed;
        var random = new Random(seed);
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"embedded: {FaultSettings.EmbeddedFaults} faults, seed {seed}, an uninterrupted scan takes {duration.TotalSeconds:F1} s"));
        var failures = new List<string>();
        for (int i = 0; i < FaultSettings.EmbeddedFaults; i++)
        {
            // The first fault lands in the first second, the second in the last second, the rest anywhere.
            TimeSpan at = i switch
            {
                0 => TimeSpan.FromMilliseconds(random.Next(0, 1000)),
                1 => duration - TimeSpan.FromMilliseconds(random.Next(0, 1000)),
                _ => TimeSpan.FromMilliseconds(random.Next(0, (int)duration.TotalMilliseconds)),
            };
            var signal = (Signal)(random.Next(10) switch { < 5 => 0, 5 => 1, 6 => 2, 7 => 3, _ => 4 });
            string result = await RunOnceAsync(i, signal, at);
            string line = string.Create(CultureInfo.InvariantCulture, $"embedded #{i} (seed {seed}): {signal} at {at.TotalSeconds:F2} s: {result}");
            _log.Line(line);
            if (!result.StartsWith("ok", StringComparison.Ordinal))
            {
                failures.Add(line);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>How long an uninterrupted scan takes here, as a process, and that it catalogs what the reference did.</summary>
    private async Task<TimeSpan> MeasureAsync()
    {
        string catalog = Path.Combine(library.Folder, "embedded-measure.db");
        long started = Stopwatch.GetTimestamp();
        using BooklineProcess scan = Scan(catalog);
        Assert.Equal(3, await scan.ExitAsync(Bound)); // the sample's two broken files
        TimeSpan duration = Stopwatch.GetElapsedTime(started);
        using SqliteCatalog result = SqliteCatalog.Open(catalog);
        Assert.Empty(CatalogSnapshot.Of(result).Differences(library.Expected));
        return duration;
    }

    private async Task<string> RunOnceAsync(int run, Signal signal, TimeSpan at)
    {
        string catalog = Path.Combine(library.Folder, $"embedded-{run}.db");
        using (BooklineProcess scan = Scan(catalog))
        {
            bool exited = await WaitOrExitAsync(scan, at);
            if (!exited)
            {
                Send(scan, signal);
                if (signal == Signal.InterruptGroupTwice)
                {
                    // The second press once the first was taken; a process still starting may have ended of the first.
                    Task stopping = scan.LineAsync(l => l.StartsWith("Stopping:", StringComparison.Ordinal));
                    if (await Task.WhenAny(stopping, scan.ExitAsync(Bound)).WaitAsync(Bound) == stopping)
                    {
                        scan.InterruptGroup();
                    }
                }
            }

            int exit = await scan.ExitAsync(Bound);
            bool killed = !exited && signal is Signal.Kill or Signal.KillGroup;

            // A SIGTERM that arrives while the process starts, before its handler, ends it with 143 (128 + 15).
            bool terminatedStarting = !exited && signal == Signal.Terminate && exit == 143;
            if (!killed && !terminatedStarting && exit is not (0 or 3 or 130))
            {
                return $"FAILED: exited {exit}:\n{scan.Output}";
            }
        }

        using (BooklineProcess again = Scan(catalog))
        {
            int exit = await again.ExitAsync(Bound);
            if (exit != 3)
            {
                return $"FAILED: the run again exited {exit}, not 3:\n{again.Output}";
            }
        }

        var problems = new List<string>();
        using (SqliteCatalog result = SqliteCatalog.Open(catalog))
        {
            problems.AddRange(CatalogSnapshot.Of(result).Differences(library.Expected));
        }

        problems.AddRange(CatalogSnapshot.IntegrityProblems(catalog));
        return problems.Count == 0 ? "ok" : "FAILED: " + string.Join("; ", problems);
    }

    private BooklineProcess Scan(string catalog) =>
        BooklineProcess.StartInOwnGroup(new Dictionary<string, string>(), "scan", library.Library, "--catalog", catalog);

    /// <summary>Waits until <paramref name="at"/> after now; true when the process exited before that.</summary>
    private static async Task<bool> WaitOrExitAsync(BooklineProcess process, TimeSpan at)
    {
        Task exited = process.ExitAsync(Bound);
        Task first = await Task.WhenAny(exited, Task.Delay(at));
        return first == exited;
    }

    private static void Send(BooklineProcess process, Signal signal)
    {
        switch (signal)
        {
            case Signal.Kill:
                process.Signal("-KILL", group: false);
                break;
            case Signal.KillGroup:
                process.Signal("-KILL", group: true);
                break;
            case Signal.Terminate:
                process.Signal("-TERM", group: false);
                break;
            default:
                process.InterruptGroup();
                break;
        }
    }
}
