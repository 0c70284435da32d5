namespace Bookline.Pipelines;

/// <summary>Where a stage's circuit breaker stands.</summary>
public enum CircuitState
{
    /// <summary>Items flow.</summary>
    Closed,

    /// <summary>Too many attempts failed: the stage takes no item until the break is over.</summary>
    Open,

    /// <summary>The break is over: one item is being tried; its outcome closes or opens the breaker again.</summary>
    HalfOpen,
}
