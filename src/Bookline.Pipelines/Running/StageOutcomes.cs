using Bookline.Pipelines.Transport;
using Polly.Timeout;

namespace Bookline.Pipelines.Running;

/// <summary>How a stage settles an item with its queue and counts it, whatever kind of stage it is.</summary>
internal sealed class StageOutcomes<TIn>(string name, IWorkQueue<TIn> input, StageOptions options, RunContext context)
{
    private KeyValuePair<string, object?> Tag => new("bookline.stage", name);

    /// <summary>Acknowledges an item whose results are safely in the next queue, and counts it.</summary>
    public void Succeeded(WorkerStats stats, int worker, in Delivery<TIn> delivery, int attempts, bool filtered)
    {
        input.Acknowledge(delivery); // a broker's queue never throws here
        if (filtered)
        {
            stats.Filtered++;
        }
        else
        {
            stats.Processed++;
            if (context.Metrics.Processed.Enabled)
            {
                context.Metrics.Processed.Add(1, context.Metrics.Pipeline, Tag);
            }
        }

        if (context.Options.OnEvent is not null)
        {
            context.Raise(new PipelineEvent(PipelineEventKind.ItemSucceeded, name, worker, delivery.Item, attempts, null));
        }
    }

    /// <summary>A grouped batch that went: its items were never deliveries of a queue that settles, so only the counts and the events remain.</summary>
    public void SucceededMany(WorkerStats stats, int worker, TIn[] items)
    {
        stats.Processed += items.Length;
        if (context.Metrics.Processed.Enabled)
        {
            context.Metrics.Processed.Add(items.Length, context.Metrics.Pipeline, Tag);
        }

        if (context.Options.OnEvent is not null)
        {
            foreach (TIn item in items)
            {
                context.Raise(new PipelineEvent(PipelineEventKind.ItemSucceeded, name, worker, item, 1, null));
            }
        }
    }

    /// <summary>Whether a failure is an outage of something the stage depends on, not the item's fault.</summary>
    public bool IsOutage(Exception exception) => exception is WorkQueueUnavailableException || options.IsOutage?.Invoke(exception) == true;

    /// <summary>An outage: the item is kept (a broker delivers it again), the failure recorded, and the run stopped. Never throws.</summary>
    public async ValueTask KeepForOutageAsync(WorkerStats stats, Delivery<TIn> delivery, Exception exception, CancellationToken abort, bool record = true)
    {
        stats.Unprocessed++;
        if (record)
        {
            context.RecordFailure(StageOutageException.Of(name, exception));
            context.AbortRun();
        }

        await SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
    }

    /// <summary>
    /// An item that failed: an outage keeps it; any other failure sends it to the dead-letter sink, and a sink that cannot
    /// record it keeps it too (and stops the run). Never throws.
    /// </summary>
    public async ValueTask DeadLetterOrKeepAsync(WorkerStats stats, Delivery<TIn> delivery, int worker, int attempts, Exception exception, CancellationToken abort)
    {
        if (IsOutage(exception))
        {
            await KeepForOutageAsync(stats, delivery, exception, abort).ConfigureAwait(false);
            return;
        }

        TimeSpan? timedOut = exception is TimeoutRejectedException ? options.Timeout : null;
        var deadLetter = new DeadLetter(name, delivery.Item, Math.Max(1, attempts), exception, timedOut);
        if (await context.DeadLetterAsync(deadLetter).ConfigureAwait(false) is { } unrecorded)
        {
            // The sink could not record the failure (its store is down): dropping the item now would
            // lose its outcome. It is kept (a broker delivers it again), and the run stops.
            await KeepForOutageAsync(stats, delivery, unrecorded, abort).ConfigureAwait(false);
            return;
        }

        stats.Failed++;
        if (context.Metrics.Failed.Enabled)
        {
            context.Metrics.Failed.Add(1, context.Metrics.Pipeline, Tag);
        }

        context.Raise(new PipelineEvent(PipelineEventKind.ItemDeadLettered, name, worker, delivery.Item, attempts, exception));
        await SettleQuietlyAsync(delivery, requeue: false, abort).ConfigureAwait(false);
    }

    /// <summary>Settles a delivery that did not succeed: requeued (cut off, or kept through an outage) or dropped (dead-lettered). Never throws.</summary>
    public async ValueTask SettleQuietlyAsync(Delivery<TIn> delivery, bool requeue, CancellationToken abort)
    {
        try
        {
            await input.RejectAsync(delivery, requeue, abort).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WorkQueueCompletedException or OperationCanceledException or InvalidOperationException)
        {
            // The queue is being abandoned; the item is already counted.
        }
        catch (Exception exception)
        {
            // A queue that cannot settle (a broker whose connection dropped) still owns the item and
            // delivers it again; the worker must live on, so this is recorded, not thrown.
            context.RecordFailure(new InvalidOperationException($"Stage '{name}' could not settle an item with its queue: {exception.Message}", exception));
        }
    }
}
