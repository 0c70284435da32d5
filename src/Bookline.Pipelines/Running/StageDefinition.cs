using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>A stage as the builder describes it, able to create its queue and its runner for each run.</summary>
/// <param name="name">The stage's name.</param>
/// <param name="options">Its options.</param>
/// <param name="parent">The stage it takes its items from, or null for the pipeline's first stage.</param>
internal abstract class StageDefinition(string name, StageOptions options, string? parent)
{
    public string Name { get; } = name;

    public StageOptions Options { get; } = options;

    /// <summary>The stage whose output this stage takes, or null for the first stage. Several stages with one parent are a broadcast's branches.</summary>
    public string? Parent { get; } = parent;

    /// <summary>Creates the queue in front of the stage (an IWorkQueue of the stage's input type).</summary>
    public abstract object CreateQueue(PipelineOptions options, object? priority);

    /// <summary>Joins the queues of the stages this one feeds into its output: one queue as it is, several as a broadcast.</summary>
    public abstract object JoinOutputs(IReadOnlyList<object> queues);

    /// <summary>Creates the runner, given its queue and its output (null for a last stage).</summary>
    public abstract StageRunner CreateRunner(object input, object? output, RunContext context);
}
