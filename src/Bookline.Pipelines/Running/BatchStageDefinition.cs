using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>A batch stage over <typeparamref name="TIn"/> items: a grouping stage (no sink) or a batch sink.</summary>
internal sealed class BatchStageDefinition<TIn>(string name, StageOptions options, string? parent, BatchOptions batch, Func<IReadOnlyList<TIn>, CancellationToken, ValueTask>? sink)
    : StageDefinition(name, options, parent)
{
    /// <remarks>
    /// In memory, items are grouped as they are put (<see cref="GroupingWorkQueue{T}"/>), so only whole batches cross to the
    /// workers; a priority queue, or a queue on a broker, hands out items and the workers group them.
    /// </remarks>
    public override object CreateQueue(PipelineOptions options, object? priority) =>
        options.QueueFactory is InMemoryWorkQueueFactory && priority is null && !options.RemoteStages.Contains(Name)
            ? new GroupingWorkQueue<TIn>(Name, Options.Capacity, batch, options.TimeProvider)
            : options.QueueFactory.Create(Name, Options.Capacity, (IComparer<TIn>?)priority);

    public override object JoinOutputs(IReadOnlyList<object> queues) =>
        queues.Count == 1 ? queues[0] : new BroadcastWorkQueue<IReadOnlyList<TIn>>([.. queues.Cast<IWorkQueue<IReadOnlyList<TIn>>>()]);

    public override StageRunner CreateRunner(object input, object? output, RunContext context) =>
        new BatchStageRunner<TIn>(Name, (IWorkQueue<TIn>)input, (IWorkQueue<IReadOnlyList<TIn>>?)output, sink, batch, Options, context);
}
