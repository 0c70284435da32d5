using System.Threading.Channels;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Watching;

namespace Bookline.Library.Tests.Watching;

/// <summary>A real temp library, a SQLite catalog and a <see cref="LibraryWatcher"/> running over them; each pass is kept for the test to await.</summary>
internal sealed class WatchedLibrary : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Channel<WatchPass> _passes = Channel.CreateUnbounded<WatchPass>();
    private CancellationTokenSource _stop = new();
    private SqliteCatalog? _catalog;
    private Task? _running;

    public string Library => Path.Combine(_folder.Path, "library");

    public string CatalogPath => Path.Combine(_folder.Path, "catalog.db");

    public ICatalogReader Catalog => _catalog ?? throw new InvalidOperationException("Not started.");

    /// <summary>The watcher running now.</summary>
    public LibraryWatcher Watcher { get; private set; } = new();

    /// <summary>Every pass so far, in order.</summary>
    public List<WatchPass> Passes { get; } = [];

    public WatchedLibrary Write(string path, string text)
    {
        string full = Path.Combine(Library, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    /// <summary>Starts watching, once the files written so far have settled, and waits for the first scan's pass.</summary>
    public async Task<WatchPass> StartAsync(TimeSpan debounce, TimeSpan? poll = null)
    {
        Directory.CreateDirectory(Library);
        await Task.Delay(debounce); // a file written just now is left by the first scan too, for the pass after
        _catalog = SqliteCatalog.Open(CatalogPath);
        var options = new LibraryWatchOptions { Debounce = debounce, PollInterval = poll, OnPass = pass => _passes.Writer.TryWrite(pass) };
        Watcher = new LibraryWatcher();
        _running = Task.Run(() => Watcher.RunAsync(Library, _catalog, options, _stop.Token));
        return await NextPassAsync(p => p.Reason == WatchReason.Start);
    }

    /// <summary>The next pass that matches (those before it are kept in <see cref="Passes"/> too); a bounded wait.</summary>
    public async Task<WatchPass> NextPassAsync(Func<WatchPass, bool> matches, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                WatchPass pass = await _passes.Reader.ReadAsync(timeout.Token);
                Passes.Add(pass);
                if (matches(pass))
                {
                    return pass;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No such pass came; the passes so far: {string.Join("; ", Passes.Select(p => $"{p.Reason} cataloged {p.Report.Cataloged} removed {p.Report.Removed}"))}"
                + (_running is { IsFaulted: true } ? $"; the watcher failed: {_running.Exception}" : string.Empty));
        }
    }

    /// <summary>The passes that come within the time (to show that nothing more happens).</summary>
    public async Task<List<WatchPass>> PassesWithinAsync(TimeSpan time)
    {
        var more = new List<WatchPass>();
        using var timeout = new CancellationTokenSource(time);
        try
        {
            while (true)
            {
                WatchPass pass = await _passes.Reader.ReadAsync(timeout.Token);
                Passes.Add(pass);
                more.Add(pass);
            }
        }
        catch (OperationCanceledException)
        {
            return more;
        }
    }

    /// <summary>Stops the watcher gracefully and waits for it (bounded).</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        if (_running is not null)
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _catalog?.Dispose();
        _catalog = null;
    }

    /// <summary>Starts again over the same library and catalog (a restart), and waits for the first scan's pass.</summary>
    public async Task<WatchPass> RestartAsync(TimeSpan debounce)
    {
        await StopAsync();
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        return await StartAsync(debounce);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _folder.Dispose();
    }
}
