namespace Bookline.Pipelines.Transport;

/// <summary>Creates the queue in front of each stage of a pipeline run.</summary>
public interface IWorkQueueFactory
{
    /// <summary>Creates the queue for a stage.</summary>
    /// <typeparam name="T">The type of the stage's input.</typeparam>
    /// <param name="stage">The stage's name.</param>
    /// <param name="capacity">The most items the queue holds before enqueues wait.</param>
    /// <param name="priority">Orders the items smallest first when not null (the first stage only).</param>
    /// <returns>A new, empty queue.</returns>
    IWorkQueue<T> Create<T>(string stage, int capacity, IComparer<T>? priority);
}
