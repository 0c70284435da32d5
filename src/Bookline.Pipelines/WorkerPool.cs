using Bookline.Pipelines.Running;
using Bookline.Pipelines.Transport;
using Bookline.Queues;

namespace Bookline.Pipelines;

/// <summary>
/// N workers over one existing queue (FIFO, priority or LIFO): each item goes to a handler,
/// TaskDone is called whatever the handler does, and the report counts per worker.
/// </summary>
public static class WorkerPool
{
    /// <summary>
    /// Runs workers until the queue is shut down and drained, or until <paramref name="abortToken"/>
    /// stops them at once (running handlers cancelled, queued items left in the queue).
    /// </summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="queue">The queue the workers take items from; whoever fills it shuts it down when done.</param>
    /// <param name="handler">Handles one item; an exception sends the item to the dead letters of the report.</param>
    /// <param name="options">Workers, time limit and retries (Capacity is the queue's own); null for one worker.</param>
    /// <param name="pipelineOptions">Clock, dead-letter sink and events; null for the defaults.</param>
    /// <param name="abortToken">Stops the workers at once.</param>
    /// <returns>The report: one stage named "workers", with a line per worker.</returns>
    public static async Task<PipelineReport> RunAsync<T>(
        AsyncQueue<T> queue,
        Func<T, CancellationToken, ValueTask> handler,
        StageOptions? options = null,
        PipelineOptions? pipelineOptions = null,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new StageOptions();
        options.Validate("workers");
        pipelineOptions ??= new PipelineOptions { Name = "workers" };
        pipelineOptions.Validate();

        StageRunner? runner = null;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(abortToken);
        var context = new RunContext(pipelineOptions, () => runner is null ? [] : [runner]) { AbortRun = abort.Cancel };
        var input = new InMemoryWorkQueue<T>("workers", queue);
        runner = new TypedStageRunner<T, T>("workers", input, null, new StageHandler<T, T> { Sink = handler }, options, context, abandonInterruptsWaits: false);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        runner.Start(abort.Token);
        await runner.Completion.ConfigureAwait(false);
        TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        context.Metrics.Dispose();
        PipelineOutcome outcome = abort.IsCancellationRequested ? PipelineOutcome.Aborted : PipelineOutcome.Completed;
        return new PipelineReport(pipelineOptions.Name, outcome, 0, [runner.Report(elapsed)], context.DeadLetters, context.Failures, elapsed);
    }
}
