using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>A stage as the builder describes it, able to create its queue and its runner for each run.</summary>
internal abstract class StageDefinition(string name, StageOptions options)
{
    public string Name { get; } = name;

    public StageOptions Options { get; } = options;

    /// <summary>Creates the queue in front of the stage (an IWorkQueue of the stage's input type).</summary>
    public abstract object CreateQueue(IWorkQueueFactory factory, object? priority);

    /// <summary>Creates the runner, given its queue and the next stage's queue (null for the last stage).</summary>
    public abstract StageRunner CreateRunner(object input, object? output, RunContext context);
}
