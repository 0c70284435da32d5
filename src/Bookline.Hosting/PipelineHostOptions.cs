namespace Bookline.Hosting;

/// <summary>How the host runs one pipeline. Validated when the host starts.</summary>
public sealed class PipelineHostOptions
{
    /// <summary>The pipeline's name in logs, metrics and traces.</summary>
    /// <value>The default value is the definition type's name.</value>
    public string? Name { get; set; }

    /// <summary>How long a graceful stop (the host shutting down) may drain the pipeline before the rest is dropped and counted.</summary>
    /// <value>The default value is 30 seconds. Must be positive.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stops the application once the pipeline has finished by itself (its producers are done and it drained).</summary>
    /// <value>The default value is true: a worker service whose job is the pipeline ends with it.</value>
    public bool StopApplicationWhenDone { get; set; } = true;
}
