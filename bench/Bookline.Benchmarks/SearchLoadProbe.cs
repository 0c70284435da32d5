using System.Diagnostics;
using System.Globalization;

namespace Bookline.Benchmarks;

/// <summary>
/// A bounded load on <c>bookline serve</c>'s search: a fixed number of requests from a fixed number
/// of concurrent clients over loopback, each a query from a word list; the latency percentiles.
/// </summary>
internal static class SearchLoadProbe
{
    private static readonly string[] Words =
    [
        "font", "table", "package", "manual", "index", "figure", "example", "option", "error", "install",
        "document", "chapter", "latex", "math", "color", "page", "section", "graph", "python", "debian",
        "font size", "\"user manual\"", "table OR figure", "python package", "install debian", "error message",
        "section heading", "math mode", "color table", "page layout",
    ];

    /// <summary>The search pages of the word list.</summary>
    public static Task RunAsync(Uri server, int requests, int clients) =>
        RunAsync(server, requests, clients, [.. Words.Select(q => $"/?q={Uri.EscapeDataString(q)}")], "search pages");

    /// <summary>Any pages, cycled through in order.</summary>
    public static async Task RunAsync(Uri server, int requests, int clients, IReadOnlyList<string> paths, string what)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        await http.GetStringAsync(new Uri("/api/search?q=warmup", UriKind.Relative)); // first request pays for JIT
        var latencies = new double[requests];
        int next = -1;
        long started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                long sent = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await http.GetAsync(new Uri(paths[i % paths.Count], UriKind.Relative));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        })));
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{requests} {what}, {clients} concurrent clients, {seconds:F1} s ({requests / seconds:F0} req/s): median {Percentile(0.5):F1} ms, p90 {Percentile(0.9):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms"));
    }
}
