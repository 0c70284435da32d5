using Bookline.Queues;

namespace Bookline.Cli.Demos;

/// <summary>The raw-queue worker loop the story writes by hand, once: read until shut down, always mark done.</summary>
internal static class DemoWorkers
{
    /// <summary>Starts <paramref name="count"/> workers; the task completes when the queue is shut down and drained.</summary>
    public static Task Start<T>(int count, AsyncQueue<T> queue, Func<int, T, Task> handle, CancellationToken cancellationToken)
    {
        var workers = new Task[count];
        for (int id = 0; id < count; id++)
        {
            int worker = id;
            workers[id] = Task.Run(
                async () =>
                {
                    await foreach (T item in queue.ReadAllAsync(cancellationToken))
                    {
                        try
                        {
                            await handle(worker, item);
                        }
                        finally
                        {
                            queue.TaskDone(); // even when the handler throws, or join would wait forever
                        }
                    }
                },
                cancellationToken);
        }

        return Task.WhenAll(workers);
    }
}
