using System.Diagnostics;
using Bookline.Pipelines.Transport;
using Bookline.Queues;

namespace Bookline.Pipelines.Running;

/// <summary>
/// A batch stage at work: each worker gathers up to <see cref="BatchOptions.Size"/> deliveries, waiting at most
/// <see cref="BatchOptions.MaxDelay"/> after the first, then either passes the batch on as one item (a grouping stage) or
/// hands it to the handler (a batch sink, with retries, time limit and breaker applying to the whole batch). The
/// deliveries are acknowledged only once the batch has gone; a failed batch is split and its items tried alone.
/// </summary>
internal sealed class BatchStageRunner<TIn> : StageRunner
{
    private readonly IWorkQueue<TIn> _input;
    private readonly IWorkQueue<IReadOnlyList<TIn>>? _output;
    private readonly AsyncQueue<TIn>? _localInput;
    private readonly Func<IReadOnlyList<TIn>, CancellationToken, ValueTask>? _sink;
    private readonly BatchOptions _batch;
    private readonly RunContext _context;
    private readonly StageResilience _resilience;
    private readonly StageOutcomes<TIn> _outcomes;
    private readonly WorkerStats[] _workers;
    private long _abandoned;
    private Task _completion = Task.CompletedTask;

    public BatchStageRunner(string name, IWorkQueue<TIn> input, IWorkQueue<IReadOnlyList<TIn>>? output, Func<IReadOnlyList<TIn>, CancellationToken, ValueTask>? sink, BatchOptions batch, StageOptions options, RunContext context)
        : base(name)
    {
        _input = input;
        _output = output;
        _localInput = (input as InMemoryWorkQueue<TIn>)?.Queue;
        _sink = sink;
        _batch = batch;
        _context = context;
        _resilience = StageResilience.Build(name, options, context.Options, kind => context.Raise(new PipelineEvent(kind, name, -1, null, 0, null)));
        _outcomes = new StageOutcomes<TIn>(name, input, options, context);
        int workers = context.Options.RemoteStages.Contains(name) ? 0 : options.Workers;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => new WorkerStats())];
    }

    public override Task Completion => _completion;

    public override int QueueDepth => _input.Count;

    public override void Start(CancellationToken abort)
    {
        Task[] workers = [.. Enumerable.Range(0, _workers.Length).Select(i => Task.Run(() => WorkAsync(i, abort), CancellationToken.None))];
        _completion = FinishAsync(workers.Length > 0 ? Task.WhenAll(workers) : _context.InputCompleted.Task);
    }

    public override void AbandonQueue() => Interlocked.Add(ref _abandoned, _input.Abandon().Count);

    public override StageReport Report(TimeSpan elapsed) =>
        StageReporting.Report(Name, _workers, [], Volatile.Read(ref _abandoned), _input.Count, _input.PeakCount, elapsed, _resilience);

    private async Task FinishAsync(Task working)
    {
        try
        {
            await working.ConfigureAwait(false);
        }
        finally
        {
            StageReporting.Completed(_context, Name, _output is null ? null : _output.Complete);
        }
    }

    private async Task WorkAsync(int worker, CancellationToken abort)
    {
        WorkerStats stats = _workers[worker];
        Volatile.Write(ref stats.StartedTicks, Stopwatch.GetTimestamp());
        try
        {
            if (_input is GroupingWorkQueue<TIn> grouping)
            {
                await WorkOnBatchesAsync(worker, stats, grouping, abort).ConfigureAwait(false);
                return;
            }

            var batch = new List<Delivery<TIn>>(Math.Min(_batch.Size, 1024));
            var queued = new List<TIn>(Math.Min(_batch.Size, 1024));
            bool ended = false;
            while (!ended && !abort.IsCancellationRequested)
            {
                long waitStarted = StageReporting.BeginWait(stats);
                try
                {
                    // No token: an abort abandons the queue, which ends the wait, and a wait without one reuses the queue's waiter.
                    batch.Add(await _input.DequeueAsync(CancellationToken.None).ConfigureAwait(false));
                }
                catch (Exception exception) when (StageReporting.IsEndOfInput(exception, abort))
                {
                    return;
                }
                finally
                {
                    StageReporting.EndWait(stats, waitStarted);
                }

                Taken(stats, batch);
                ended = await FillAsync(stats, batch, queued, abort).ConfigureAwait(false);
                await HandleAsync(worker, stats, ItemsOf(batch), batch, abort).ConfigureAwait(false);
                batch.Clear();
            }
        }
        finally
        {
            Volatile.Write(ref stats.EndedTicks, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>A worker on an in-memory queue, which groups items as they are put: it takes whole batches.</summary>
    private async Task WorkOnBatchesAsync(int worker, WorkerStats stats, GroupingWorkQueue<TIn> input, CancellationToken abort)
    {
        while (!abort.IsCancellationRequested)
        {
            TIn[] items;
            ValueTask<TIn[]> take = input.TakeBatchAsync();
            if (take.IsCompletedSuccessfully)
            {
                items = take.Result;
            }
            else
            {
                long waitStarted = StageReporting.BeginWait(stats);
                try
                {
                    items = await take.ConfigureAwait(false);
                }
                catch (Exception exception) when (StageReporting.IsEndOfInput(exception, abort))
                {
                    return;
                }
                finally
                {
                    StageReporting.EndWait(stats, waitStarted);
                }
            }

            stats.Received += items.Length;
            Volatile.Write(ref stats.InFlight, items.Length);
            await HandleAsync(worker, stats, items, deliveries: null, abort).ConfigureAwait(false);
        }
    }

    private static TIn[] ItemsOf(List<Delivery<TIn>> batch)
    {
        var items = new TIn[batch.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = batch[i].Item;
        }

        return items;
    }

    /// <summary>Adds what comes within the batch's delay, up to its size; true when the input ended meanwhile.</summary>
    private async ValueTask<bool> FillAsync(WorkerStats stats, List<Delivery<TIn>> batch, List<TIn> queued, CancellationToken abort)
    {
        TimeProvider clock = _context.Options.TimeProvider;
        long first = clock.GetTimestamp();
        CancellationTokenSource? delay = null; // one timer for the whole batch, made only if the batch has to wait
        try
        {
            while (batch.Count < _batch.Size)
            {
                try
                {
                    // What is queued already costs no wait and no timer, and is taken under one lock.
                    if (_localInput is { } local && local.TryGetMany(queued, _batch.Size - batch.Count) > 0)
                    {
                        foreach (TIn item in queued)
                        {
                            batch.Add(new Delivery<TIn>(item, 0));
                        }

                        stats.Received += queued.Count;
                        Volatile.Write(ref stats.InFlight, batch.Count);
                        queued.Clear();
                        continue;
                    }
                }
                catch (QueueShutDownException)
                {
                    return true;
                }

                if (delay is null)
                {
                    // Measured from the first item, on the pipeline's clock: a clock moved on before the timer exists still counts.
                    TimeSpan left = _batch.MaxDelay - clock.GetElapsedTime(first);
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    // An abort abandons the queue, which ends this wait too: the timer's token is all the wait needs.
                    delay = new CancellationTokenSource(left, clock);
                }

                long waitStarted = StageReporting.BeginWait(stats);
                try
                {
                    batch.Add(await _input.DequeueAsync(delay.Token).ConfigureAwait(false));
                    Taken(stats, batch);
                }
                catch (OperationCanceledException) when (delay.IsCancellationRequested)
                {
                    return false; // the delay is over: the batch goes as it is
                }
                catch (Exception exception) when (StageReporting.IsEndOfInput(exception, abort))
                {
                    return true;
                }
                finally
                {
                    StageReporting.EndWait(stats, waitStarted);
                }
            }

            return false;
        }
        finally
        {
            delay?.Dispose();
        }
    }

    private static void Taken(WorkerStats stats, List<Delivery<TIn>> batch)
    {
        stats.Received++;
        Volatile.Write(ref stats.InFlight, batch.Count);
    }

    /// <summary>One batch: passed on or handled, then every delivery settled and counted once. Never throws.</summary>
    /// <param name="worker">The worker.</param>
    /// <param name="stats">Its counts.</param>
    /// <param name="items">The batch's items.</param>
    /// <param name="deliveries">Their deliveries, to settle with the queue; null for a grouping queue's batch, which has none to settle.</param>
    /// <param name="abort">The run's abort.</param>
    private async ValueTask HandleAsync(int worker, WorkerStats stats, TIn[] items, List<Delivery<TIn>>? deliveries, CancellationToken abort)
    {
        try
        {
            if (_output is not null)
            {
                await _output.EnqueueAsync(items, CancellationToken.None).ConfigureAwait(false); // an abort abandons the next queue, which ends this wait
                stats.Emitted++;
            }
            else
            {
                await RunAsync(stats, items, abort).ConfigureAwait(false);
            }

            if (deliveries is null)
            {
                _outcomes.SucceededMany(stats, worker, items);
            }
            else
            {
                foreach (Delivery<TIn> delivery in deliveries)
                {
                    _outcomes.Succeeded(stats, worker, delivery, 1, filtered: false);
                }
            }
        }
        catch (Exception exception) when (abort.IsCancellationRequested && exception is OperationCanceledException or WorkQueueCompletedException or QueueShutDownException)
        {
            for (int i = 0; i < items.Length; i++)
            {
                Delivery<TIn> delivery = At(items, deliveries, i);
                stats.Unprocessed++;
                await _outcomes.SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (_outcomes.IsOutage(exception))
        {
            for (int i = 0; i < items.Length; i++)
            {
                await _outcomes.KeepForOutageAsync(stats, At(items, deliveries, i), exception, abort, record: i == 0).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_sink is not null && _batch.SplitOnFailure && items.Length > 1)
        {
            // One item may be what the batch failed on: each is tried alone, so only such an item fails.
            for (int i = 0; i < items.Length; i++)
            {
                Delivery<TIn> delivery = At(items, deliveries, i);
                await HandleAloneAsync(worker, stats, delivery, abort).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            for (int i = 0; i < items.Length; i++)
            {
                Delivery<TIn> delivery = At(items, deliveries, i);
                await _outcomes.DeadLetterOrKeepAsync(stats, delivery, worker, 1, exception, abort).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref stats.InFlight, 0);
        }
    }

    private async ValueTask HandleAloneAsync(int worker, WorkerStats stats, Delivery<TIn> delivery, CancellationToken abort)
    {
        try
        {
            await RunAsync(stats, [delivery.Item], abort).ConfigureAwait(false);
            _outcomes.Succeeded(stats, worker, delivery, 1, filtered: false);
        }
        catch (Exception exception) when (abort.IsCancellationRequested && exception is OperationCanceledException)
        {
            stats.Unprocessed++;
            await _outcomes.SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await _outcomes.DeadLetterOrKeepAsync(stats, delivery, worker, 1, exception, abort).ConfigureAwait(false);
        }
    }

    /// <summary>The handler on one batch, through the stage's retries, time limit and breaker.</summary>
    private async ValueTask RunAsync(WorkerStats stats, IReadOnlyList<TIn> items, CancellationToken abort)
    {
        if (_resilience.Pipeline is null)
        {
            await _sink!(items, abort).ConfigureAwait(false);
            return;
        }

        int attempts = 0;
        try
        {
            await _resilience.ExecuteAsync(
                async (context, state) =>
                {
                    if (++attempts > 1)
                    {
                        PipelineLog.ItemRetried(_context.Options.Logger, _context.Options.Name, Name, attempts);
                    }

                    await _sink!(state, context.CancellationToken).ConfigureAwait(false);
                    return true;
                },
                items,
                abort).ConfigureAwait(false);
        }
        finally
        {
            stats.Retried += Math.Max(0, attempts - 1);
        }
    }

    private static Delivery<TIn> At(TIn[] items, List<Delivery<TIn>>? deliveries, int index) =>
        deliveries is null ? new Delivery<TIn>(items[index], 0) : deliveries[index];
}
