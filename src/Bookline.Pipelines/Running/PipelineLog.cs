using Microsoft.Extensions.Logging;

namespace Bookline.Pipelines.Running;

/// <summary>What a run tells its <see cref="PipelineOptions.Logger"/>, as source-generated messages (no formatting unless enabled).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Pipeline}: stage {Stage} finished.")]
    public static partial void StageCompleted(ILogger logger, string pipeline, string stage);

    [LoggerMessage(2, LogLevel.Debug, "{Pipeline}: stage {Stage} tries an item again (attempt {Attempt}).")]
    public static partial void ItemRetried(ILogger logger, string pipeline, string stage, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "{Pipeline}: an item failed its last attempt ({Attempts}) in stage {Stage} and goes to the dead letters: {Reason}")]
    public static partial void ItemDeadLettered(ILogger logger, Exception exception, string pipeline, string stage, int attempts, string reason);

    [LoggerMessage(4, LogLevel.Error, "{Pipeline}: {Failure}")]
    public static partial void RunFailure(ILogger logger, Exception exception, string pipeline, string failure);

    [LoggerMessage(5, LogLevel.Information, "{Pipeline}: stopping gracefully; everything accepted is finished first.")]
    public static partial void Stopping(ILogger logger, string pipeline);

    [LoggerMessage(6, LogLevel.Warning, "{Pipeline}: aborting; running handlers are cancelled and queued items dropped.")]
    public static partial void Aborting(ILogger logger, string pipeline);

    [LoggerMessage(7, LogLevel.Information, "{Pipeline}: {Outcome} in {Seconds:F1} s; {Accepted} items accepted, {DeadLettered} dead-lettered, {Failures} failures.")]
    public static partial void Finished(ILogger logger, string pipeline, PipelineOutcome outcome, double seconds, long accepted, int deadLettered, int failures);
}
