namespace Bookline.Pipelines.Transport;

/// <summary>Thrown by an enqueue after a work queue was completed, and by a dequeue once it is completed and drained.</summary>
public sealed class WorkQueueCompletedException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public WorkQueueCompletedException()
        : base("The work queue has been completed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public WorkQueueCompletedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public WorkQueueCompletedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
