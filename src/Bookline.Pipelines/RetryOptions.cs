namespace Bookline.Pipelines;

/// <summary>
/// Retries of an item whose handler failed: exponential backoff, with jitter by default, run by
/// Polly on the pipeline's <see cref="PipelineOptions.TimeProvider"/>.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    /// <value>The default value is 3. Must be at least 1.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry; each later wait doubles it.</summary>
    /// <value>The default value is 200 milliseconds. From zero to <see cref="MaxDelay"/>.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts.</summary>
    /// <value>The default value is 30 seconds. At most one day.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Spreads the waits at random so that many failing items do not retry in lockstep.</summary>
    /// <value>The default value is true.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Which failures are worth another attempt (timeouts included).</summary>
    /// <value>The default value retries every exception.</value>
    public Func<Exception, bool> ShouldRetry { get; set; } = static _ => true;

    internal void Validate(string stage)
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"Stage '{stage}': Retry.MaxAttempts must be at least 1.");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || MaxDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"Stage '{stage}': Retry delays must satisfy 0 <= BaseDelay <= MaxDelay <= 1 day; they are {BaseDelay} and {MaxDelay}.");
        }

        ArgumentNullException.ThrowIfNull(ShouldRetry, nameof(ShouldRetry));
    }
}
