using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>A stage from <typeparamref name="TIn"/> to <typeparamref name="TOut"/>.</summary>
internal sealed class TypedStageDefinition<TIn, TOut>(string name, StageOptions options, string? parent, StageHandler<TIn, TOut> handler)
    : StageDefinition(name, options, parent)
{
    public override object CreateQueue(PipelineOptions options, object? priority) =>
        options.QueueFactory.Create(Name, Options.Capacity, (IComparer<TIn>?)priority);

    public override object JoinOutputs(IReadOnlyList<object> queues) =>
        queues.Count == 1 ? queues[0] : new BroadcastWorkQueue<TOut>([.. queues.Cast<IWorkQueue<TOut>>()]);

    public override StageRunner CreateRunner(object input, object? output, RunContext context) =>
        new TypedStageRunner<TIn, TOut>(Name, (IWorkQueue<TIn>)input, (IWorkQueue<TOut>?)output, handler, Options, context);
}
