using Bookline.Pipelines.Running;

namespace Bookline.Pipelines;

/// <summary>
/// Chains stages after the pipeline's input. Each call adds a stage whose input is the previous
/// stage's output; <see cref="Sink"/> ends the chain and returns the pipeline.
/// </summary>
/// <typeparam name="TSource">The type of the items producers put into the pipeline.</typeparam>
/// <typeparam name="TCurrent">The type of the items the last stage added so far passes on.</typeparam>
public sealed class PipelineBuilder<TSource, TCurrent>
{
    private readonly PipelineOptions _options;
    private readonly IComparer<TSource>? _priority;
    private readonly IReadOnlyList<StageDefinition> _stages;

    internal PipelineBuilder(PipelineOptions options, IComparer<TSource>? priority, IReadOnlyList<StageDefinition> stages)
    {
        _options = options;
        _priority = priority;
        _stages = stages;
    }

    /// <summary>Adds a stage that turns each item into one result.</summary>
    /// <typeparam name="TNext">The type of the results.</typeparam>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="transform">The handler; its token is cancelled by a time limit or an immediate shutdown.</param>
    /// <param name="options">Workers, capacity, time limit and retries; null for the defaults.</param>
    /// <returns>The builder, now producing <typeparamref name="TNext"/>.</returns>
    public PipelineBuilder<TSource, TNext> Transform<TNext>(string name, Func<TCurrent, CancellationToken, ValueTask<TNext>> transform, StageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return Then(name, options, new StageHandler<TCurrent, TNext> { Transform = transform });
    }

    /// <summary>Adds a stage that turns each item into any number of results, passed on only once all are made.</summary>
    /// <typeparam name="TNext">The type of the results.</typeparam>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="transform">The handler; its token is cancelled by a time limit or an immediate shutdown.</param>
    /// <param name="options">Workers, capacity, time limit and retries; null for the defaults.</param>
    /// <returns>The builder, now producing <typeparamref name="TNext"/>.</returns>
    public PipelineBuilder<TSource, TNext> TransformMany<TNext>(string name, Func<TCurrent, CancellationToken, ValueTask<IEnumerable<TNext>>> transform, StageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return Then(name, options, new StageHandler<TCurrent, TNext> { TransformMany = transform });
    }

    /// <summary>Adds a stage that passes on only the items the predicate keeps; the others count as filtered.</summary>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="predicate">True to keep the item.</param>
    /// <param name="options">Workers, capacity, time limit and retries; null for the defaults.</param>
    /// <returns>The builder.</returns>
    public PipelineBuilder<TSource, TCurrent> Filter(string name, Func<TCurrent, CancellationToken, ValueTask<bool>> predicate, StageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Then(name, options, new StageHandler<TCurrent, TCurrent> { Filter = predicate });
    }

    /// <summary>Adds the last stage, which consumes each item, and returns the finished pipeline.</summary>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="sink">The handler; its token is cancelled by a time limit or an immediate shutdown.</param>
    /// <param name="options">Workers, capacity, time limit and retries; null for the defaults.</param>
    /// <returns>The pipeline, ready to run.</returns>
    public Pipeline<TSource> Sink(string name, Func<TCurrent, CancellationToken, ValueTask> sink, StageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        PipelineBuilder<TSource, TCurrent> last = Then(name, options, new StageHandler<TCurrent, TCurrent> { Sink = sink });
        return new Pipeline<TSource>(_options, _priority, last._stages);
    }

    private PipelineBuilder<TSource, TNext> Then<TNext>(string name, StageOptions? options, StageHandler<TCurrent, TNext> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_stages.Any(s => s.Name == name))
        {
            throw new ArgumentException($"The pipeline already has a stage named '{name}'.", nameof(name));
        }

        options ??= new StageOptions();
        options.Validate(name);
        if (options.PartitionHash is not null)
        {
            TypedStageRunner<TCurrent, TNext>.CheckPartitionHash(name, options);
        }

        try
        {
            // Built once here so that whatever the resilience library refuses is refused now, with the stage's name.
            StageResilience.Build(name, options, _options, raise: null);
        }
        catch (System.ComponentModel.DataAnnotations.ValidationException exception)
        {
            throw new ArgumentException($"Stage '{name}': {exception.Message}", nameof(options), exception);
        }
        return new PipelineBuilder<TSource, TNext>(_options, _priority, [.. _stages, new TypedStageDefinition<TCurrent, TNext>(name, options, handler)]);
    }
}
