namespace Bookline.Pipelines.Running;

/// <summary>What a stage does with one item; exactly one of the delegates is set.</summary>
internal sealed class StageHandler<TIn, TOut>
{
    public Func<TIn, CancellationToken, ValueTask<TOut>>? Transform { get; init; }

    public Func<TIn, CancellationToken, ValueTask<IEnumerable<TOut>>>? TransformMany { get; init; }

    /// <summary>A filter; only used when TOut is TIn.</summary>
    public Func<TIn, CancellationToken, ValueTask<bool>>? Filter { get; init; }

    public Func<TIn, CancellationToken, ValueTask>? Sink { get; init; }
}
