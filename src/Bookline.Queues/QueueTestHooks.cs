namespace Bookline.Queues;

/// <summary>Switches used only by the systematic concurrency tests.</summary>
internal static class QueueTestHooks
{
    /// <summary>
    /// When true, blocked callers wait on a <see cref="TaskCompletionSource{TResult}"/> instead of a
    /// pooled value-task source, because the systematic test engine only controls tasks.
    /// </summary>
    internal static bool UseTaskWaiters { get; set; }
}
