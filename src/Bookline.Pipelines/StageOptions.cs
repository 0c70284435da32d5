namespace Bookline.Pipelines;

/// <summary>How one stage runs: its workers, the queue in front of it, and what happens when an item fails.</summary>
public sealed class StageOptions
{
    /// <summary>The number of workers taking items from the stage's queue at once.</summary>
    /// <value>The default value is 1. Must be at least 1.</value>
    public int Workers { get; set; } = 1;

    /// <summary>The most items the queue in front of the stage holds before upstream waits.</summary>
    /// <value>The default value is 100. Must be at least 1.</value>
    public int Capacity { get; set; } = 100;

    /// <summary>How long one attempt at one item may run before it fails as timed out; its handler's token is cancelled.</summary>
    /// <value>The default value is null: no time limit.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Retries of an item whose handler threw.</summary>
    /// <value>The default value is null: one attempt, then the dead-letter sink.</value>
    public RetryOptions? Retry { get; set; }

    internal void Validate(string stage)
    {
        if (Workers < 1)
        {
            throw new ArgumentException($"Stage '{stage}': Workers must be at least 1.");
        }

        if (Capacity < 1)
        {
            throw new ArgumentException($"Stage '{stage}': Capacity must be at least 1.");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Stage '{stage}': Timeout must be positive.");
        }

        Retry?.Validate(stage);
    }
}
