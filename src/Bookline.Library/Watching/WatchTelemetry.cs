namespace Bookline.Library.Watching;

/// <summary>The names under which a <see cref="LibraryWatcher"/> publishes its metrics (enable the meter, for example with OpenTelemetry's AddMeter).</summary>
public static class WatchTelemetry
{
    /// <summary>The name of the meter.</summary>
    public const string MeterName = "Bookline.Watch";

    /// <summary>Counter of file-system events received (the catalog's own files excluded).</summary>
    public const string EventsReceived = "bookline.watch.events.received";

    /// <summary>Counter of events merged into a change already waiting for its folder.</summary>
    public const string EventsCoalesced = "bookline.watch.events.coalesced";

    /// <summary>Gauge of the folders with changes waiting for the next pass.</summary>
    public const string Pending = "bookline.watch.pending";

    /// <summary>Histogram of the time from a change to the end of the pass that read it, in seconds.</summary>
    public const string Lag = "bookline.watch.lag";
}
