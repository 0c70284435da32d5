using Bookline.Library.Scanning;

namespace Bookline.Library.Watching;

/// <summary>How <see cref="LibraryWatcher"/> keeps a catalog current.</summary>
public sealed class LibraryWatchOptions
{
    /// <summary>
    /// How long a folder must be quiet (no event) before its changes are read, and how long a file must have gone unwritten:
    /// a file being copied is never read half-way.
    /// </summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Polls instead of listening to file-system events: every interval, a scan compares every file's size and time with the
    /// catalog's (cheap on an unchanged library). For network shares (NFS, SMB), where inotify does not fire. Null listens.
    /// </summary>
    /// <value>The default value is null.</value>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>The options of every scan the watcher runs (workers, limits, logger …); its <see cref="LibraryScanOptions.SettleTime"/> is set from <see cref="Debounce"/>.</summary>
    /// <value>The defaults.</value>
    public LibraryScanOptions Scan { get; set; } = new();

    /// <summary>Receives each pass as it ends: why it ran, and what its scan did.</summary>
    /// <value>The default value is null.</value>
    public Action<WatchPass>? OnPass { get; set; }

    /// <summary>The clock of the debounce and the polling.</summary>
    /// <value>The system's clock.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (Debounce < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(Debounce)} must be zero or more, not {Debounce}.", nameof(Debounce));
        }

        if (PollInterval is { } poll && poll <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PollInterval)} must be positive, not {poll}.", nameof(PollInterval));
        }

        ArgumentNullException.ThrowIfNull(Scan);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
