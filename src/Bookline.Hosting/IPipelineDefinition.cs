using Bookline.Pipelines;

namespace Bookline.Hosting;

/// <summary>What a hosted pipeline is: its stages, and the producers that feed it. Resolved from dependency injection, so it can take services.</summary>
/// <typeparam name="TSource">The type of the items the producers put in.</typeparam>
public interface IPipelineDefinition<TSource>
{
    /// <summary>Describes the stages, with the options the host made (name, logging of dead letters).</summary>
    /// <param name="options">Start the pipeline with these: <c>Pipeline.Create&lt;TSource&gt;(options)</c>.</param>
    /// <returns>The pipeline.</returns>
    Pipeline<TSource> Build(PipelineOptions options);

    /// <summary>The producers, run at once; the run completes when all have returned and every stage has drained.</summary>
    /// <returns>The producers.</returns>
    IEnumerable<Func<PipelineRun<TSource>, CancellationToken, Task>> Producers();
}
