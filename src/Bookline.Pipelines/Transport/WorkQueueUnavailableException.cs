namespace Bookline.Pipelines.Transport;

/// <summary>
/// A work queue cannot take items now (its broker is unreachable, or blocks publishers): an outage of
/// the queue, not a fault of the item. A stage whose result cannot be passed on for this reason keeps
/// its item (a broker delivers it again) and stops its run, as it would for <see cref="StageOptions.IsOutage"/>.
/// </summary>
public sealed class WorkQueueUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WorkQueueUnavailableException()
        : base("The work queue cannot take items now.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the queue cannot take items.</param>
    public WorkQueueUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error underneath.</summary>
    /// <param name="message">Why the queue cannot take items.</param>
    /// <param name="innerException">The broker's or client's error.</param>
    public WorkQueueUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
