using Bookline.Library.Catalog;
using Bookline.Library.Watching;

namespace Bookline.Hosting;

/// <summary>What <see cref="LibraryWatchHostedService"/> watches, into which catalog, and when its health check says it lags.</summary>
public sealed class WatchHostOptions
{
    /// <summary>The library folder. Required.</summary>
    /// <value>Null until set.</value>
    public string? Library { get; set; }

    /// <summary>Opens the catalog to keep current (for example <c>_ => SqliteCatalog.Open("/var/lib/bookline/bookline.db")</c>); the service disposes of it when it stops. Required.</summary>
    /// <value>Null until set.</value>
    public Func<IServiceProvider, ICatalog>? OpenCatalog { get; set; }

    /// <summary>The watcher's options: debounce, polling, the scans' options.</summary>
    /// <value>The defaults (2 s debounce, file-system events).</value>
    public LibraryWatchOptions Watch { get; set; } = new();

    /// <summary>How long a change may wait for its pass before the health check reports the watcher as degraded.</summary>
    /// <value>1 minute by default.</value>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromMinutes(1);
}
