using System.Diagnostics.Metrics;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Queues;

namespace Bookline.Library.Watching;

/// <summary>
/// Keeps a catalog current with its library: a first scan catches up with what changed while nothing watched, then
/// file-system events (inotify, through <see cref="FileSystemWatcher"/>) or a poll start further scans. Events go into an
/// <see cref="AsyncCoalescingQueue{TKey, T}"/> keyed by folder, so a folder changed a thousand times while it waited is one
/// item; once the library has been quiet for <see cref="LibraryWatchOptions.Debounce"/>, one incremental scan reads what
/// changed (a file is read only when its size, time or content differ from the catalog's, and only once it has settled).
/// </summary>
public sealed class LibraryWatcher
{
    private static readonly Meter Meter = new(WatchTelemetry.MeterName);
    private static readonly Counter<long> Received = Meter.CreateCounter<long>(WatchTelemetry.EventsReceived, description: "File-system events received.");
    private static readonly Counter<long> Coalesced = Meter.CreateCounter<long>(WatchTelemetry.EventsCoalesced, description: "Events merged into a change already waiting.");
    private static readonly Histogram<double> LagSeconds = Meter.CreateHistogram<double>(WatchTelemetry.Lag, "s", "From a change to the end of the pass that read it.");
    private static readonly List<WeakReference<LibraryWatcher>> Watchers = [];

    private readonly LibraryScanner _scanner;
    private volatile WatchState? _state;
    private volatile bool _running;
    private DateTimeOffset? _lastPass;
    private string? _lastError;

    static LibraryWatcher() => Meter.CreateObservableGauge(WatchTelemetry.Pending, ObservePending, description: "Folders with changes waiting for the next pass.");

    /// <summary>Creates a watcher.</summary>
    /// <param name="scanner">The scanner of each pass; null for one with the default readers.</param>
    public LibraryWatcher(LibraryScanner? scanner = null)
    {
        _scanner = scanner ?? new LibraryScanner();
        lock (Watchers)
        {
            Watchers.RemoveAll(w => !w.TryGetTarget(out _));
            Watchers.Add(new WeakReference<LibraryWatcher>(this));
        }
    }

    /// <summary>How the watcher stands now.</summary>
    public WatchStatus Status
    {
        get
        {
            WatchState? state = _state;
            int pending = state?.Changes.Count ?? 0;
            return new WatchStatus(_running, _lastPass, pending, pending > 0 ? state?.OldestPending : null, Volatile.Read(ref _lastError));
        }
    }

    /// <summary>Watches until <paramref name="stop"/>, then finishes the pass under way (its files read and written) and returns.</summary>
    /// <param name="library">The library folder.</param>
    /// <param name="catalog">The catalog to keep current; used by this call alone while it runs.</param>
    /// <param name="options">Debounce, polling, the scans' options and a callback per pass; null for the defaults.</param>
    /// <param name="stop">Stops watching gracefully.</param>
    /// <returns>A task that completes when the watcher has stopped.</returns>
    /// <exception cref="DirectoryNotFoundException">The library folder does not exist.</exception>
    public async Task RunAsync(string library, ICatalog catalog, LibraryWatchOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new LibraryWatchOptions();
        options.Validate();
        string root = Path.GetFullPath(library);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The library '{library}' does not exist or is not a folder.");
        }

        // A file is read once it has gone unwritten for nearly the debounce: the quiet wait already saw no event for that long.
        options.Scan.SettleTime = options.Debounce * 0.9;
        TimeProvider clock = options.TimeProvider;
        var state = new WatchState(clock, catalog.Location);
        _state = state;
        Volatile.Write(ref _lastError, null);
        FileSystemWatcher? watcher = null;
        try
        {
            if (options.PollInterval is { } interval)
            {
                await PassAsync(root, catalog, options, WatchReason.Start, [], null, stop).ConfigureAwait(false);
                _running = true;
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(interval, clock, stop).ConfigureAwait(false);
                    await PassAsync(root, catalog, options, WatchReason.Poll, [], null, stop).ConfigureAwait(false);
                }

                return;
            }

            // Listening starts before the first scan, so that a change made while it runs, or right after, is never missed: at
            // worst it starts one more pass, which finds nothing new.
            watcher = state.Listen(root);
            LibraryScanReport first = await PassAsync(root, catalog, options, WatchReason.Start, [], null, stop).ConfigureAwait(false);
            _running = true;
            if (first.Unsettled > 0)
            {
                state.Raise(string.Empty, WatchReason.Unsettled);
            }

            while (!stop.IsCancellationRequested)
            {
                FolderChange change = await state.Changes.GetAsync(stop).ConfigureAwait(false);
                state.Changes.TaskDone();
                var folders = new List<string> { change.Folder };
                DateTimeOffset since = change.First;
                WatchReason reason = change.Reason;

                // Quiet for the debounce: every event restarts the wait, so a copy in progress is never read half-way.
                for (TimeSpan quiet = clock.GetUtcNow() - state.LastEvent; quiet < options.Debounce; quiet = clock.GetUtcNow() - state.LastEvent)
                {
                    await Task.Delay(options.Debounce - quiet, clock, stop).ConfigureAwait(false);
                }

                while (state.Changes.TryGet(out FolderChange more))
                {
                    state.Changes.TaskDone();
                    folders.Add(more.Folder);
                    since = more.First < since ? more.First : since;
                    reason = (WatchReason)Math.Max((int)reason, (int)more.Reason);
                }

                LibraryScanReport report = await PassAsync(root, catalog, options, reason, folders, since, stop).ConfigureAwait(false);
                if (report.Unsettled > 0)
                {
                    state.Raise(string.Empty, WatchReason.Unsettled); // another pass once they have had the debounce to settle
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // asked to stop: the pass under way finished what it had found
        }
        catch (Exception exception)
        {
            Volatile.Write(ref _lastError, exception.Message);
            throw;
        }
        finally
        {
            watcher?.Dispose();
            _running = false;
            state.Changes.Shutdown(immediate: true);
        }
    }

    private async Task<LibraryScanReport> PassAsync(string root, ICatalog catalog, LibraryWatchOptions options, WatchReason reason, IReadOnlyList<string> folders, DateTimeOffset? since, CancellationToken stop)
    {
        LibraryScanReport report = await _scanner.ScanAsync(root, catalog, options.Scan, stop: stop).ConfigureAwait(false);
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        TimeSpan lag = since is { } first ? now - first : TimeSpan.Zero;
        _lastPass = now;
        Volatile.Write(ref _lastError, report.Pipeline.Failures.Count > 0 ? report.Pipeline.Failures[0].Message : null);
        if (since is not null)
        {
            LagSeconds.Record(lag.TotalSeconds);
        }

        options.OnPass?.Invoke(new WatchPass(reason, [.. folders.Distinct(StringComparer.Ordinal)], report, lag));
        return report;
    }

    /// <summary>What the file-system watcher's Error event does (its buffer overflowed): for tests, which cannot make inotify overflow on demand.</summary>
    internal void LoseEvents() => _state?.Raise(string.Empty, WatchReason.Overflow);

    private static List<Measurement<int>> ObservePending()
    {
        var pending = new List<Measurement<int>>();
        lock (Watchers)
        {
            foreach (WeakReference<LibraryWatcher> reference in Watchers)
            {
                if (reference.TryGetTarget(out LibraryWatcher? watcher) && watcher._state is { } state)
                {
                    pending.Add(new Measurement<int>(state.Changes.Count));
                }
            }
        }

        return pending;
    }

    /// <summary>What the events since the last pass changed: the folders, and when the first and last events came.</summary>
    private sealed class WatchState(TimeProvider clock, string catalogLocation)
    {
        private long _lastEventTicks;

        public AsyncCoalescingQueue<string, FolderChange> Changes { get; } = new(
            c => c.Folder,
            (waiting, put) =>
            {
                Coalesced.Add(1); // called only for a put that merges
                return waiting with { Reason = (WatchReason)Math.Max((int)waiting.Reason, (int)put.Reason) };
            },
            comparer: StringComparer.Ordinal);

        public DateTimeOffset LastEvent => new(Interlocked.Read(ref _lastEventTicks), TimeSpan.Zero);

        /// <summary>When the oldest change waiting came (the first in the queue: merges keep their place and time).</summary>
        public DateTimeOffset? OldestPending => Changes.ToArray() is [var oldest, ..] ? oldest.First : null;

        public FileSystemWatcher Listen(string root)
        {
            var watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            void Changed(string path)
            {
                // The catalog's own files (a SQLite file and its journal) may live in the library: writing them is no change to it.
                if (catalogLocation.Length > 0 && path.StartsWith(catalogLocation, StringComparison.Ordinal))
                {
                    return;
                }

                string relative = Path.GetRelativePath(root, Path.GetDirectoryName(path) ?? root).Replace('\\', '/');
                Received.Add(1);
                Raise(relative == "." ? string.Empty : relative, WatchReason.Changes);
            }

            watcher.Created += (_, e) => Changed(e.FullPath);
            watcher.Changed += (_, e) => Changed(e.FullPath);
            watcher.Deleted += (_, e) => Changed(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                Changed(e.OldFullPath);
                Changed(e.FullPath);
            };

            // Lost events (inotify's queue overflowed, a watched folder replaced): the next pass compares the whole library, which it always does.
            watcher.Error += (_, _) => Raise(string.Empty, WatchReason.Overflow);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }

        public void Raise(string folder, WatchReason reason)
        {
            DateTimeOffset now = clock.GetUtcNow();
            Interlocked.Exchange(ref _lastEventTicks, now.UtcTicks);
            try
            {
                Changes.TryPut(new FolderChange(folder, now, reason));
            }
            catch (QueueShutDownException)
            {
                // the watcher is stopping
            }
        }
    }

    /// <summary>A folder with changes waiting, since when, and the strongest reason among them.</summary>
    private readonly record struct FolderChange(string Folder, DateTimeOffset First, WatchReason Reason);
}
