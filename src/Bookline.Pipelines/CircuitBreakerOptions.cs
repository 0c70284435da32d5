namespace Bookline.Pipelines;

/// <summary>
/// A stage's circuit breaker, run by Polly on the pipeline's <see cref="PipelineOptions.TimeProvider"/>: when too many of
/// the stage's recent attempts fail (its database is down), the stage stops taking items for <see cref="BreakDuration"/>
/// and then tries one; items that meet the open breaker wait and are tried later, instead of all failing in turn.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>The share of failed attempts, within <see cref="SamplingDuration"/>, that opens the breaker.</summary>
    /// <value>The default value is 0.5. Greater than 0, at most 1.</value>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The fewest attempts within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    /// <value>The default value is 10. At least 2.</value>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window of recent attempts the ratio is taken over.</summary>
    /// <value>The default value is 30 seconds. At least 500 milliseconds.</value>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the stage takes no item once the breaker opens; then one item is tried.</summary>
    /// <value>The default value is 5 seconds. At least 500 milliseconds, at most one day.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Which failures count towards opening the breaker.</summary>
    /// <value>The default value counts every exception (timeouts included).</value>
    public Func<Exception, bool> IsFailure { get; set; } = static _ => true;

    internal void Validate(string stage)
    {
        if (!(FailureRatio > 0 && FailureRatio <= 1))
        {
            throw new ArgumentException($"Stage '{stage}': CircuitBreaker.FailureRatio must be greater than 0 and at most 1; it is {FailureRatio}.");
        }

        if (MinimumThroughput < 2)
        {
            throw new ArgumentException($"Stage '{stage}': CircuitBreaker.MinimumThroughput must be at least 2.");
        }

        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || BreakDuration < TimeSpan.FromMilliseconds(500) || BreakDuration > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"Stage '{stage}': CircuitBreaker.SamplingDuration must be at least 500 ms and BreakDuration from 500 ms to 1 day; they are {SamplingDuration} and {BreakDuration}.");
        }

        ArgumentNullException.ThrowIfNull(IsFailure, nameof(IsFailure));
    }
}
