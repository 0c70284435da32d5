using System.Text.Json;

namespace Bookline.Cli.Tests;

/// <summary><c>bookline watch</c>: the first scan, a file added while it watches, and Ctrl+C.</summary>
public sealed class WatchCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AFileAddedWhileWatchingIsCatalogedAndCtrlCEndsTheWatchWithZero()
    {
        string library = Directory.CreateDirectory(Path.Combine(_temp.Path, "library", "sea")).Parent!.FullName;
        File.WriteAllText(Path.Combine(library, "sea", "moby.txt"), "Title: Moby Dick\n\nCall me Ishmael.\n");
        File.SetLastWriteTimeUtc(Path.Combine(library, "sea", "moby.txt"), DateTime.UtcNow.AddMinutes(-1)); // settled
        string catalog = Path.Combine(_temp.Path, "catalog.db");
        var console = new TestConsole();
        using var stop = new CancellationTokenSource();
        Task<int> watching = BooklineApp.RunAsync(["watch", library, "--catalog", catalog, "--debounce", "0.3", "--json"], console.Console, TextWriter.Null, TextWriter.Null, stop.Token);

        JsonElement start = await PassAsync(console, watching, 1);
        Assert.Equal(("Start", 1), (start.GetProperty("reason").GetString(), start.GetProperty("cataloged").GetInt32()));

        File.WriteAllText(Path.Combine(library, "sea", "tide.txt"), "Title: Tide Tables\n\nHigh water at dawn.\n");
        JsonElement change = await PassAsync(console, watching, 2);
        Assert.Equal(("Changes", 1), (change.GetProperty("reason").GetString(), change.GetProperty("cataloged").GetInt32()));
        Assert.Equal("sea", change.GetProperty("folders")[0].GetString());
        Assert.True(change.GetProperty("lagSeconds").GetDouble() >= 0.3);

        stop.Cancel();
        Assert.Equal(0, await watching.WaitAsync(TimeSpan.FromSeconds(30)));
        (int exit, string text, _) = await CliRun.RunAsync("search", "tide", "--catalog", catalog);
        Assert.Equal(0, exit);
        Assert.Contains("Tide Tables", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeWatchFindsABookAddedWhileItServes()
    {
        string library = Directory.CreateDirectory(Path.Combine(_temp.Path, "library", "sea")).Parent!.FullName;
        string catalog = Path.Combine(_temp.Path, "catalog.db");
        Bookline.Catalog.Sqlite.SqliteCatalog.Open(catalog).Dispose();
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var console = new TestConsole();
        using var stop = new CancellationTokenSource();
        Task<int> serving = BooklineApp.RunAsync(
            ["serve", "--catalog", catalog, "--library", library, "--watch", "--debounce", "0.3", "--urls", address.ToString(), "--cover-cache", Path.Combine(_temp.Path, "covers")],
            console.Console, TextWriter.Null, TextWriter.Null, stop.Token);
        for (int i = 0; i < 400 && !console.Text.Contains("First scan", StringComparison.Ordinal); i++)
        {
            Assert.False(serving.IsCompleted, "serve ended: " + console.Text);
            await Task.Delay(25); // the printed line is the command's only sign
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Assert.DoesNotContain("Tide Tables", await http.GetStringAsync("/api/search?q=tide"), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(library, "sea", "tide.txt"), "Title: Tide Tables\n\nHigh water at dawn.\n");

        // Searched again as a reader would, until the pass has written it (bounded): the kept results follow the catalog's version.
        string found = string.Empty;
        for (int i = 0; i < 300 && !found.Contains("Tide Tables", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            found = await http.GetStringAsync("/api/search?q=tide");
        }

        Assert.Contains("Tide Tables", found, StringComparison.Ordinal);

        // The pass prints its line after its last write is committed, and a search may see that write first.
        for (int i = 0; i < 200 && !console.Text.Contains("Changes in 1 folder", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains("Changes in 1 folder: 1 cataloged", console.Text, StringComparison.Ordinal);
        stop.Cancel();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));

        (int exit, string text, string error) = await CliRun.RunAsync("serve", "--catalog", catalog, "--watch");
        Assert.Equal(2, exit);
        Assert.Contains("give the library with --library", text + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingLibraryOrABadIntervalIsAUsageError()
    {
        (int exit, string text, string error) = await CliRun.RunAsync("watch", Path.Combine(_temp.Path, "nowhere"), "--catalog", Path.Combine(_temp.Path, "c.db"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", text + error, StringComparison.Ordinal);

        (exit, text, error) = await CliRun.RunAsync("watch", _temp.Path, "--poll", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--poll must be a positive number of seconds", text + error, StringComparison.Ordinal);
    }

    /// <summary>The n-th pass's JSON line, once it is printed (bounded).</summary>
    private static async Task<JsonElement> PassAsync(TestConsole console, Task<int> watching, int n)
    {
        for (int i = 0; i < 1200; i++)
        {
            string[] lines = [.. console.Text.Split('\n').Where(l => l.StartsWith('{'))];
            if (lines.Length >= n)
            {
                return JsonDocument.Parse(lines[n - 1]).RootElement.Clone();
            }

            Assert.False(watching.IsCompleted, "watch ended: " + console.Text);
            await Task.Delay(25); // the printed line is the command's only sign
        }

        throw new TimeoutException($"No pass {n}: {console.Text}");
    }
}
