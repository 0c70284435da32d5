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

    /// <summary>
    /// Adds a stage that groups items into batches of at most <see cref="BatchOptions.Size"/>, each sent on once full or
    /// once its first item has waited <see cref="BatchOptions.MaxDelay"/>; the next stage takes whole batches.
    /// </summary>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="batch">Size and delay; null for the defaults (100 items, 1 second).</param>
    /// <param name="options">Workers and capacity; null for the defaults.</param>
    /// <returns>The builder, now producing batches.</returns>
    public PipelineBuilder<TSource, IReadOnlyList<TCurrent>> Batch(string name, BatchOptions? batch = null, StageOptions? options = null)
    {
        (batch, options) = CheckBatch(name, batch, options);
        return new PipelineBuilder<TSource, IReadOnlyList<TCurrent>>(_options, _priority, [.. _stages, new BatchStageDefinition<TCurrent>(name, options, LastStage, batch, sink: null)]);
    }

    /// <summary>
    /// Adds the last stage, which consumes items a batch at a time (one transaction for many rows), and returns the finished
    /// pipeline. Retries, time limit and breaker apply to each batch; a batch that fails its last attempt is tried again one
    /// item at a time (<see cref="BatchOptions.SplitOnFailure"/>), so that only the items that fail alone are dead-lettered.
    /// </summary>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="sink">The handler of one batch; its token is cancelled by a time limit or an immediate shutdown.</param>
    /// <param name="batch">Size, delay and splitting; null for the defaults (100 items, 1 second, split).</param>
    /// <param name="options">Workers, capacity, time limit, retries and breaker; null for the defaults.</param>
    /// <returns>The pipeline, ready to run.</returns>
    public Pipeline<TSource> SinkBatch(string name, Func<IReadOnlyList<TCurrent>, CancellationToken, ValueTask> sink, BatchOptions? batch = null, StageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        (batch, options) = CheckBatch(name, batch, options);
        return new Pipeline<TSource>(_options, _priority, [.. _stages, new BatchStageDefinition<TCurrent>(name, options, LastStage, batch, sink)]);
    }

    /// <summary>
    /// Adds a stage that sends every item to each of several branches, and returns the finished pipeline. Each branch has its
    /// own bounded queue; an item goes on only once every branch has taken it, so the slowest branch sets the pace and none
    /// misses an item. The stage's report counts each item emitted once, however many branches took it. An abort can cut a
    /// broadcast off between branches: that item counts as unprocessed here, and the branches before the cut have it.
    /// </summary>
    /// <param name="name">The stage's name, unique in the pipeline.</param>
    /// <param name="branches">Each continues the builder it is given, and ends with a sink.</param>
    /// <param name="options">Workers and capacity of the broadcasting stage; null for the defaults.</param>
    /// <returns>The pipeline, ready to run.</returns>
    public Pipeline<TSource> Broadcast(string name, IReadOnlyList<Func<PipelineBuilder<TSource, TCurrent>, Pipeline<TSource>>> branches, StageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (branches.Count == 0)
        {
            throw new ArgumentException($"The broadcast '{name}' needs at least one branch.", nameof(branches));
        }

        PipelineBuilder<TSource, TCurrent> fan = Then(name, options, new StageHandler<TCurrent, TCurrent> { Transform = static (item, _) => ValueTask.FromResult(item) });
        List<StageDefinition> all = [.. fan._stages];
        foreach (Func<PipelineBuilder<TSource, TCurrent>, Pipeline<TSource>> branch in branches)
        {
            ArgumentNullException.ThrowIfNull(branch, nameof(branches));
            IReadOnlyList<StageDefinition> stages = branch(fan).Stages;
            if (stages.Count <= fan._stages.Count || !stages.Take(fan._stages.Count).SequenceEqual(fan._stages))
            {
                throw new ArgumentException($"Each branch of the broadcast '{name}' must add stages to the builder it is given.", nameof(branches));
            }

            foreach (StageDefinition stage in stages.Skip(fan._stages.Count))
            {
                if (all.Any(s => s.Name == stage.Name))
                {
                    throw new ArgumentException($"The pipeline already has a stage named '{stage.Name}'.", nameof(branches));
                }

                all.Add(stage);
            }
        }

        return new Pipeline<TSource>(_options, _priority, all);
    }

    private string? LastStage => _stages.Count > 0 ? _stages[^1].Name : null;

    private (BatchOptions Batch, StageOptions Options) CheckBatch(string name, BatchOptions? batch, StageOptions? options)
    {
        CheckName(name);
        batch ??= new BatchOptions();
        batch.Validate(name);
        options ??= new StageOptions();
        options.Validate(name);
        if (options.Ordered || options.PartitionHash is not null)
        {
            throw new ArgumentException($"Stage '{name}': a batch stage keeps no order of its own (Ordered, OrderBy); give it one worker to keep the order it receives.", nameof(options));
        }

        ValidateResilience(name, options);
        return (batch, options);
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_stages.Any(s => s.Name == name))
        {
            throw new ArgumentException($"The pipeline already has a stage named '{name}'.", nameof(name));
        }
    }

    private void ValidateResilience(string name, StageOptions options)
    {
        try
        {
            // Built once here so that whatever the resilience library refuses is refused now, with the stage's name.
            StageResilience.Build(name, options, _options, raise: null);
        }
        catch (System.ComponentModel.DataAnnotations.ValidationException exception)
        {
            throw new ArgumentException($"Stage '{name}': {exception.Message}", nameof(options), exception);
        }
    }

    private PipelineBuilder<TSource, TNext> Then<TNext>(string name, StageOptions? options, StageHandler<TCurrent, TNext> handler)
    {
        CheckName(name);
        options ??= new StageOptions();
        options.Validate(name);
        if (options.PartitionHash is not null)
        {
            TypedStageRunner<TCurrent, TNext>.CheckPartitionHash(name, options);
        }

        ValidateResilience(name, options);
        return new PipelineBuilder<TSource, TNext>(_options, _priority, [.. _stages, new TypedStageDefinition<TCurrent, TNext>(name, options, LastStage, handler)]);
    }
}
