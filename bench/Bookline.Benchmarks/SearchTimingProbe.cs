using System.Diagnostics;
using System.Globalization;
using Bookline.Catalog.PostgreSql;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;

namespace Bookline.Benchmarks;

/// <summary>One search at a time in this process: the time of each query, to see where a search's time goes.</summary>
internal static class SearchTimingProbe
{
    public static async Task RunAsync(string location, IReadOnlyList<string> queries, int rounds)
    {
        using ICatalog catalog = await OpenAsync(location);
        catalog.SearchCacheSize = 0; // every round asks the store: kept results would time nothing

        await catalog.SearchAsync("warmup");
        foreach (string query in queries)
        {
            var times = new List<double>();
            SearchResults? last = null;
            for (int i = 0; i < rounds; i++)
            {
                long started = Stopwatch.GetTimestamp();
                last = await catalog.SearchAsync(new SearchRequest(query) { Limit = 21 });
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{query,-24} {times[times.Count / 2],8:F1} ms median  {last!.Hits.Count,3} hits"));
        }
    }

    public static async Task<ICatalog> OpenAsync(string location) =>
        CatalogLocation.IsPostgres(location) ? await PostgresCatalog.OpenAsync(location) : SqliteCatalog.OpenReader(location);
}
