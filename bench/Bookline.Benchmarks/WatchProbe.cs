using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Watching;

namespace Bookline.Benchmarks;

/// <summary>
/// <c>watch-latency &lt;library&gt; &lt;catalog&gt; [changes]</c>: a watcher over a real library (its catalog up to date), then single
/// changes one at a time, a burst, and an idle spell. Latency is from the write to the end of the pass that cataloged it, with
/// the default debounce of 2 s. The probe's files go into <c>_watch-probe/</c> in the library and are deleted at the end.
/// </summary>
internal static class WatchProbe
{
    public static async Task RunAsync(string library, string catalogPath, int changes)
    {
        string probe = Path.Combine(library, "_watch-probe");
        Directory.CreateDirectory(probe);
        var passes = Channel.CreateUnbounded<(WatchPass Pass, long Ticks)>();
        using SqliteCatalog catalog = SqliteCatalog.Open(catalogPath);
        var options = new LibraryWatchOptions { OnPass = pass => passes.Writer.TryWrite((pass, Stopwatch.GetTimestamp())) };
        using var stop = new CancellationTokenSource();
        var watcher = new LibraryWatcher();
        long started = Stopwatch.GetTimestamp();
        Task running = watcher.RunAsync(library, catalog, options, stop.Token);
        (WatchPass first, long firstEnd) = await passes.Reader.ReadAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First scan of {first.Report.Found} files ({first.Report.Unchanged} unchanged, {first.Report.Cataloged} cataloged): {Stopwatch.GetElapsedTime(started, firstEnd).TotalMilliseconds:0} ms"));

        var single = new List<double>();
        for (int i = 0; i < changes; i++)
        {
            string file = Path.Combine(probe, string.Create(CultureInfo.InvariantCulture, $"change-{i:D3}.txt"));
            long written = Stopwatch.GetTimestamp();
            await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"Title: Change {i}\n\nA book written while the library is watched, number {i}.\n"));
            single.Add(Stopwatch.GetElapsedTime(written, await CatalogedAsync(passes.Reader, 1)).TotalSeconds);
        }

        Report("single new files, one at a time", single);

        const int burst = 500;
        long burstStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < burst; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(probe, string.Create(CultureInfo.InvariantCulture, $"burst-{i:D4}.txt")),
                string.Create(CultureInfo.InvariantCulture, $"Title: Burst {i}\n\nOne of {burst} books copied in at once, number {i}.\n"));
        }

        long copied = Stopwatch.GetTimestamp();
        long allIn = await CatalogedAsync(passes.Reader, burst);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"burst of {burst} files (copied in {Stopwatch.GetElapsedTime(burstStart, copied).TotalMilliseconds:0} ms): all cataloged {Stopwatch.GetElapsedTime(copied, allIn).TotalSeconds:0.00} s after the last write"));

        // Idle: no change for 30 s; the process's CPU time over that spell.
        using var self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(30));
        self.Refresh();
        TimeSpan cpu = self.TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle 30 s: {cpu.TotalMilliseconds:0} ms of CPU ({cpu.TotalSeconds / 30 * 100:0.00} % of one core)"));

        Directory.Delete(probe, recursive: true);
        await CatalogedAsync(passes.Reader, 0, removed: true);
        stop.Cancel();
        await running;
    }

    /// <summary>Waits for passes until they have cataloged (or removed) as many books; returns when the last of them ended.</summary>
    private static async Task<long> CatalogedAsync(ChannelReader<(WatchPass Pass, long Ticks)> passes, int books, bool removed = false)
    {
        int seen = 0;
        while (true)
        {
            (WatchPass pass, long ended) = await passes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(5));
            seen += removed ? pass.Report.Removed : pass.Report.Cataloged;
            if (removed ? seen > 0 : seen >= books)
            {
                return ended;
            }
        }
    }

    private static void Report(string what, List<double> seconds)
    {
        seconds.Sort();
        double P(double q) => seconds[Math.Min(seconds.Count - 1, (int)Math.Ceiling(q * seconds.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} ({seconds.Count}): p50 {P(0.5):0.00} s, p95 {P(0.95):0.00} s, max {seconds[^1]:0.00} s"));
    }
}
