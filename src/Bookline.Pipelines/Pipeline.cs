using Bookline.Pipelines.Running;

namespace Bookline.Pipelines;

/// <summary>Starts describing a pipeline.</summary>
public static class Pipeline
{
    /// <summary>Starts a pipeline whose producers put <typeparamref name="TSource"/> items.</summary>
    /// <typeparam name="TSource">The type of the items put into the pipeline.</typeparam>
    /// <param name="options">Name, clock, queue factory, dead-letter sink and events; null for the defaults.</param>
    /// <param name="priority">When not null, the first queue hands out the smallest item first (ties in arrival order).</param>
    /// <returns>A builder to add the stages to.</returns>
    public static PipelineBuilder<TSource, TSource> Create<TSource>(PipelineOptions? options = null, IComparer<TSource>? priority = null)
    {
        options ??= new PipelineOptions();
        options.Validate();
        return new PipelineBuilder<TSource, TSource>(options, priority, []);
    }
}

/// <summary>
/// A chain of stages, each with its own bounded queue and workers. Describe it once, run it as
/// often as needed; each run has its own queues, workers and report.
/// </summary>
/// <typeparam name="TSource">The type of the items put into the pipeline.</typeparam>
public sealed class Pipeline<TSource>
{
    private readonly PipelineOptions _options;
    private readonly IComparer<TSource>? _priority;
    private readonly IReadOnlyList<StageDefinition> _stages;

    internal Pipeline(PipelineOptions options, IComparer<TSource>? priority, IReadOnlyList<StageDefinition> stages)
    {
        _options = options;
        _priority = priority;
        _stages = stages;
    }

    /// <summary>The stages as described, in the order they were added.</summary>
    internal IReadOnlyList<StageDefinition> Stages => _stages;

    /// <summary>The stages' names, in order.</summary>
    public IReadOnlyList<string> StageNames => [.. _stages.Select(s => s.Name)];

    /// <summary>Starts a run: the workers wait for items put with <see cref="PipelineRun{TSource}.WriteAsync"/>.</summary>
    /// <param name="stopToken">Stops the run gracefully when cancelled: no new input, everything accepted is finished.</param>
    /// <param name="abortToken">Stops the run immediately when cancelled: running handlers are cancelled, queued items dropped and counted.</param>
    /// <returns>The run.</returns>
    public PipelineRun<TSource> Start(CancellationToken stopToken = default, CancellationToken abortToken = default) =>
        new(_options, _priority, _stages, stopToken, abortToken);

    /// <summary>
    /// Runs the pipeline with several producers at once; when every producer has returned and every
    /// queue has drained, the run completes. A producer's exception is recorded in the report.
    /// </summary>
    /// <param name="producers">Each writes items with <see cref="PipelineRun{TSource}.WriteAsync"/>, which waits while the first queue is full.</param>
    /// <param name="stopToken">Stops the run gracefully when cancelled; it is also given to the producers.</param>
    /// <param name="abortToken">Stops the run immediately when cancelled.</param>
    /// <returns>The report, once the run is over.</returns>
    public async Task<PipelineReport> RunAsync(IEnumerable<Func<PipelineRun<TSource>, CancellationToken, Task>> producers, CancellationToken stopToken = default, CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(producers);
        await using PipelineRun<TSource> run = Start(stopToken, abortToken);
        return await run.RunProducersAsync(producers, stopToken).ConfigureAwait(false);
    }
}
