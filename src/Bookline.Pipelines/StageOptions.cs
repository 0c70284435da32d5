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
    /// <value>The default value is null: no time limit. Otherwise from <see cref="MinTimeout"/> to <see cref="MaxTimeout"/>.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Retries of an item whose handler threw.</summary>
    /// <value>The default value is null: one attempt, then the dead-letter sink.</value>
    public RetryOptions? Retry { get; set; }

    /// <summary>
    /// Tells a failure that is an outage of something the stage depends on (its database is down, its
    /// disk is full) from a fault of the item. After its last attempt such an item is not dead-lettered:
    /// it is counted unprocessed (a broker delivers it again), a <see cref="StageOutageException"/> goes
    /// into the report's failures, and the run is aborted, as every item after it would fail the same way.
    /// </summary>
    /// <value>The default value is null: every failure is the item's own.</value>
    public Func<Exception, bool>? IsOutage { get; set; }

    /// <summary>The shortest time limit a stage takes: below it a timer cannot tell a slow item from a busy machine.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest time limit a stage takes (one day).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

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

        if (Timeout is { } timeout && (timeout < MinTimeout || timeout > MaxTimeout))
        {
            throw new ArgumentException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"Stage '{stage}': Timeout must be between {MinTimeout.TotalMilliseconds:0} ms and {MaxTimeout.TotalHours:0} hours; it is {timeout}."));
        }

        Retry?.Validate(stage);
    }
}
