using Bookline.Pipelines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookline.Hosting;

/// <summary>
/// Runs one pipeline for the life of the host. When the host stops, the pipeline stops
/// gracefully: no new input, everything accepted is finished, for at most
/// <see cref="PipelineHostOptions.DrainTimeout"/>; then what is left is dropped and counted.
/// </summary>
/// <typeparam name="TSource">The type of the items the producers put in.</typeparam>
/// <typeparam name="TDefinition">The pipeline's definition.</typeparam>
public sealed partial class PipelineHostedService<TSource, TDefinition> : BackgroundService
    where TDefinition : class, IPipelineDefinition<TSource>
{
    private readonly TDefinition _definition;
    private readonly PipelineHostOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<PipelineReport> _report = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the service; dependency injection calls this.</summary>
    /// <param name="definition">The pipeline.</param>
    /// <param name="options">The host options, by the definition's type name.</param>
    /// <param name="lifetime">The host's lifetime, stopped when the pipeline is done if so configured.</param>
    /// <param name="logger">Where the run is reported.</param>
    public PipelineHostedService(TDefinition definition, IOptionsMonitor<PipelineHostOptions> options, IHostApplicationLifetime lifetime, ILogger<PipelineHostedService<TSource, TDefinition>> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _definition = definition;
        _options = options.Get(typeof(TDefinition).Name);
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes with the run's report when the pipeline is over.</summary>
    public Task<PipelineReport> Report => _report.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string name = _options.Name ?? typeof(TDefinition).Name;
        // The run logs its own dead letters, failures, stop and outcome through the host's logging.
        var pipelineOptions = new PipelineOptions { Name = name, Logger = _logger };
        using var abort = new CancellationTokenSource();
        // The host's stop is a graceful stop; past the drain time it becomes an immediate one.
        using CancellationTokenRegistration drain = stoppingToken.Register(() => abort.CancelAfter(_options.DrainTimeout));
        try
        {
            LogStarting(_logger, name);
            PipelineReport report = await _definition.Build(pipelineOptions).RunAsync(_definition.Producers(), stoppingToken, abort.Token).ConfigureAwait(false);
            _report.TrySetResult(report);
            if (_options.StopApplicationWhenDone && !stoppingToken.IsCancellationRequested)
            {
                _lifetime.StopApplication();
            }
        }
        catch (Exception exception)
        {
            _report.TrySetException(exception);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} starting.")]
    private static partial void LogStarting(ILogger logger, string pipeline);
}
