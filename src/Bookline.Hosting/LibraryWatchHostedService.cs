using Bookline.Library.Catalog;
using Bookline.Library.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookline.Hosting;

/// <summary>
/// Keeps a catalog current with its library for the life of the host (<see cref="LibraryWatcher"/>): when the host stops, the pass
/// under way finishes what it found, and the catalog is closed. Each pass is logged; a watcher that fails is logged and stops the host.
/// </summary>
public sealed partial class LibraryWatchHostedService : BackgroundService
{
    private readonly WatchHostOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;

    /// <summary>Creates the service; dependency injection calls this.</summary>
    /// <param name="options">What to watch.</param>
    /// <param name="services">Given to <see cref="WatchHostOptions.OpenCatalog"/>.</param>
    /// <param name="logger">Where the passes are reported.</param>
    public LibraryWatchHostedService(IOptions<WatchHostOptions> options, IServiceProvider services, ILogger<LibraryWatchHostedService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _services = services;
        _logger = logger;
    }

    /// <summary>The watcher, whose <see cref="LibraryWatcher.Status"/> the health check reads.</summary>
    public LibraryWatcher Watcher { get; } = new();

    /// <summary>The options it runs with.</summary>
    internal WatchHostOptions Options => _options;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using ICatalog catalog = _options.OpenCatalog!(_services);
        Action<WatchPass>? callerPass = _options.Watch.OnPass;
        _options.Watch.OnPass = pass =>
        {
            LogPass(_logger, pass.Reason, pass.Report.Cataloged, pass.Report.Removed, pass.Report.Failed, pass.Lag.TotalSeconds);
            callerPass?.Invoke(pass);
        };
        _options.Watch.Scan.Logger = _logger;
        LogStarting(_logger, _options.Library!, catalog.Location);
        try
        {
            await Watcher.RunAsync(_options.Library!, catalog, _options.Watch, stoppingToken).ConfigureAwait(false);
            LogStopped(_logger, _options.Library!);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(_logger, exception, _options.Library!);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Library} into {Catalog}")]
    private static partial void LogStarting(ILogger logger, string library, string catalog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch pass ({Reason}): {Cataloged} cataloged, {Removed} removed, {Failed} failed, {LagSeconds:0.0} s after the change")]
    private static partial void LogPass(ILogger logger, WatchReason reason, int cataloged, int removed, int failed, double lagSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped watching {Library}")]
    private static partial void LogStopped(ILogger logger, string library);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watching {Library} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string library);
}
