using System.Diagnostics;
using System.Runtime.CompilerServices;
using Bookline.Pipelines.Transport;
using Bookline.Queues;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Bookline.Pipelines.Running;

/// <summary>
/// One stage at work: its workers take items from the stage's queue, run the handler (with retries
/// and a time limit through Polly), pass the results to the next stage's queue, and only then
/// acknowledge the item, so nothing is lost between stages. A failing item goes to the dead-letter
/// sink; a worker never dies of a handler's exception.
/// </summary>
internal sealed class TypedStageRunner<TIn, TOut> : StageRunner
{
    private readonly IWorkQueue<TIn> _input;
    private readonly IWorkQueue<TOut>? _output;
    private readonly AsyncQueue<TIn>? _localInput;   // set when the queues are in this process:
    private readonly AsyncQueue<TOut>? _localOutput; // used directly, without the seam's adapters
    private readonly StageHandler<TIn, TOut> _handler;
    private readonly StageOptions _options;
    private readonly RunContext _context;
    private readonly ResiliencePipeline? _resilience;
    private readonly WorkerStats[] _workers;
    private readonly bool _abandonInterruptsWaits;
    private long _abandoned;
    private Task _completion = Task.CompletedTask;

    // abandonInterruptsWaits: true when an abort abandons this stage's queues, which wakes every
    // blocked dequeue and enqueue. The waits then need no cancellation token, so the queue reuses
    // its pooled waiters and no worker registers on the one shared token source (measured: that
    // registration per wait made the pipeline 1.6x slower than a hand-written chain). False for a
    // queue the caller owns: waits are cancelled by the abort token instead.
    public TypedStageRunner(string name, IWorkQueue<TIn> input, IWorkQueue<TOut>? output, StageHandler<TIn, TOut> handler, StageOptions options, RunContext context, bool abandonInterruptsWaits = true)
        : base(name)
    {
        _abandonInterruptsWaits = abandonInterruptsWaits;
        _input = input;
        _output = output;
        _localInput = (input as InMemoryWorkQueue<TIn>)?.Queue;
        _localOutput = (output as InMemoryWorkQueue<TOut>)?.Queue;
        _handler = handler;
        _options = options;
        _context = context;
        // A remote stage's workers are in other processes: none here.
        int workers = context.Options.RemoteStages.Contains(name) ? 0 : options.Workers;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => new WorkerStats())];
        _resilience = BuildResilience(name, options, context.Options);
    }

    public override Task Completion => _completion;

    public override int QueueDepth => _input.Count;

    public override void Start(CancellationToken abort)
    {
        var workers = new Task[_workers.Length];
        for (int i = 0; i < workers.Length; i++)
        {
            int worker = i;
            workers[i] = Task.Run(() => WorkAsync(worker, abort), CancellationToken.None);
        }

        _completion = FinishAsync(workers.Length > 0 ? workers : [_context.InputCompleted.Task]);
    }

    public override void AbandonQueue() => Interlocked.Add(ref _abandoned, _input.Abandon().Count);

    public override StageReport Report(TimeSpan elapsed)
    {
        long now = Stopwatch.GetTimestamp();
        long abandoned = Volatile.Read(ref _abandoned);
        long received = 0, processed = 0, emitted = 0, filtered = 0, failed = 0, retried = 0, unprocessed = abandoned, inFlight = 0;
        TimeSpan busy = TimeSpan.Zero;
        var workers = new WorkerReport[_workers.Length];
        for (int i = 0; i < _workers.Length; i++)
        {
            WorkerStats w = _workers[i];
            received += Volatile.Read(ref w.Received);
            processed += Volatile.Read(ref w.Processed);
            emitted += Volatile.Read(ref w.Emitted);
            filtered += Volatile.Read(ref w.Filtered);
            failed += Volatile.Read(ref w.Failed);
            retried += Volatile.Read(ref w.Retried);
            unprocessed += Volatile.Read(ref w.Unprocessed);
            inFlight += Volatile.Read(ref w.InFlight);
            TimeSpan workerBusy = w.BusyTime(now);
            busy += workerBusy;
            workers[i] = new WorkerReport(i, Volatile.Read(ref w.Processed), Volatile.Read(ref w.Failed), Volatile.Read(ref w.Retried), Volatile.Read(ref w.InFlight), workerBusy, Volatile.Read(ref w.Current), elapsed);
        }

        // Abandoned items reached the stage's queue but no worker: they count as received and unprocessed.
        return new StageReport(Name, workers, received + abandoned, processed, emitted, filtered, failed, retried, inFlight, unprocessed, _input.Count, _input.PeakCount, busy, elapsed);
    }

    internal static ResiliencePipeline? BuildResilience(string stage, StageOptions options, PipelineOptions pipeline)
    {
        RetryOptions? retry = options.Retry is { MaxAttempts: > 1 } r ? r : null;
        if (retry is null && options.Timeout is null)
        {
            return null; // the common fast path: one attempt, no time limit, no Polly call at all
        }

        var builder = new ResiliencePipelineBuilder { Name = $"{pipeline.Name}/{stage}", TimeProvider = pipeline.TimeProvider };
        if (retry is not null)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && retry.ShouldRetry(exception)),
            });
        }

        if (options.Timeout is { } timeout)
        {
            builder.AddTimeout(timeout); // inside the retry: the limit applies to each attempt
        }

        return builder.Build();
    }

    private async Task FinishAsync(Task[] workers)
    {
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            // Every item of this stage is settled: the next stage may drain and finish.
            _output?.Complete();
            PipelineLog.StageCompleted(_context.Options.Logger, _context.Options.Name, Name);
            _context.Raise(new PipelineEvent(PipelineEventKind.StageCompleted, Name, -1, null, 0, null));
        }
    }

    private async Task WorkAsync(int worker, CancellationToken abort)
    {
        WorkerStats stats = _workers[worker];
        Volatile.Write(ref stats.StartedTicks, Stopwatch.GetTimestamp());
        var attempt = new Attempt(this);
        try
        {
            while (true)
            {
                Delivery<TIn> delivery;
                if (abort.IsCancellationRequested)
                {
                    return;
                }

                CancellationToken waitToken = WaitToken(abort);
                if (_localInput is { } local)
                {
                    // The common case, without the seam's adapters, which would allocate on each wait.
                    ValueTask<TIn> get = local.GetAsync(waitToken);
                    if (get.IsCompletedSuccessfully)
                    {
                        delivery = new Delivery<TIn>(get.Result, 0);
                    }
                    else
                    {
                        long waitStarted = BeginWait(stats);
                        try
                        {
                            delivery = new Delivery<TIn>(await get.ConfigureAwait(false), 0);
                        }
                        catch (Exception exception) when (IsEndOfInput(exception, abort))
                        {
                            return;
                        }
                        finally
                        {
                            EndWait(stats, waitStarted);
                        }
                    }
                }
                else
                {
                    ValueTask<Delivery<TIn>> next = _input.DequeueAsync(waitToken);
                    if (next.IsCompletedSuccessfully)
                    {
                        delivery = next.Result;
                    }
                    else
                    {
                        long waitStarted = BeginWait(stats);
                        try
                        {
                            delivery = await next.ConfigureAwait(false);
                        }
                        catch (Exception exception) when (IsEndOfInput(exception, abort))
                        {
                            return;
                        }
                        finally
                        {
                            EndWait(stats, waitStarted);
                        }
                    }
                }

                await HandleAsync(worker, stats, attempt, delivery, abort).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref stats.EndedTicks, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>One item: attempts, passing the results on, then settling the delivery. Never throws.</summary>
    private async ValueTask HandleAsync(int worker, WorkerStats stats, Attempt attempt, Delivery<TIn> delivery, CancellationToken abort)
    {
        stats.Received++;
        if (!typeof(TIn).IsValueType)
        {
            stats.Current = delivery.Item; // a value type would be boxed on every item: not tracked
        }

        Volatile.Write(ref stats.InFlight, 1);
        long started = _context.Metrics.Duration.Enabled ? Stopwatch.GetTimestamp() : 0;
        using Activity? activity = PipelineTelemetry.ActivitySource.HasListeners()
            ? PipelineTelemetry.ActivitySource.StartActivity(Name, ActivityKind.Internal)
            : null;
        attempt.Item = delivery.Item;
        attempt.Count = 0;
        int emitted = 0; // results already in the next queue, whatever happens after
        try
        {
            Result result;
            if (_resilience is null)
            {
                attempt.Count = 1;
                ValueTask<Result> single = InvokeAsync(delivery.Item, abort);
                result = single.IsCompletedSuccessfully ? single.Result : await single.ConfigureAwait(false);
            }
            else
            {
                result = await RunWithPollyAsync(attempt, abort).ConfigureAwait(false);
            }

            if (_output is not null && !result.Filtered)
            {
                if (result.Many is null)
                {
                    // Waits while the next queue is full: this is how backpressure travels upstream.
                    ValueTask put = _localOutput is { } local ? local.PutAsync(result.One, WaitToken(abort)) : _output.EnqueueAsync(result.One, WaitToken(abort));
                    if (!put.IsCompletedSuccessfully)
                    {
                        await put.ConfigureAwait(false);
                    }

                    emitted = 1;
                }
                else
                {
                    foreach (TOut item in result.Many)
                    {
                        await _output.EnqueueAsync(item, WaitToken(abort)).ConfigureAwait(false);
                        emitted++;
                    }
                }
            }

            stats.Emitted += emitted;
            emitted = 0;

            _input.Acknowledge(delivery); // only now: the results are safely in the next queue (a broker's queue never throws here)
            if (result.Filtered)
            {
                stats.Filtered++;
            }
            else
            {
                stats.Processed++;
                if (_context.Metrics.Processed.Enabled)
                {
                    _context.Metrics.Processed.Add(1, _context.Metrics.Pipeline, Tag);
                }
            }

            if (_context.Options.OnEvent is not null)
            {
                _context.Raise(new PipelineEvent(PipelineEventKind.ItemSucceeded, Name, worker, delivery.Item, attempt.Count, null));
            }
        }
        catch (Exception exception) when (abort.IsCancellationRequested && exception is OperationCanceledException or WorkQueueCompletedException or QueueShutDownException)
        {
            // Immediate shutdown (the handler was cancelled, or the next queue was abandoned): the
            // item was not processed. A broker would deliver it again.
            stats.Unprocessed++;
            activity?.SetStatus(ActivityStatusCode.Error, "aborted");
            await SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WorkQueueUnavailableException || _options.IsOutage?.Invoke(exception) == true)
        {
            // Not the item's fault: it stays for another run (a broker delivers it again), and the run stops.
            stats.Unprocessed++;
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            _context.RecordFailure(StageOutageException.Of(Name, exception));
            _context.AbortRun();
            await SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            TimeSpan? timedOut = exception is TimeoutRejectedException ? _options.Timeout : null;
            var deadLetter = new DeadLetter(Name, delivery.Item, Math.Max(1, attempt.Count), exception, timedOut);
            if (await _context.DeadLetterAsync(deadLetter).ConfigureAwait(false) is { } unrecorded)
            {
                // The sink could not record the failure (its store is down): dropping the item now would
                // lose its outcome. It is kept (a broker delivers it again), and the run stops.
                stats.Unprocessed++;
                _context.RecordFailure(StageOutageException.Of(Name, unrecorded));
                _context.AbortRun();
                await SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
                return;
            }

            stats.Failed++;
            if (_context.Metrics.Failed.Enabled)
            {
                _context.Metrics.Failed.Add(1, _context.Metrics.Pipeline, Tag);
            }

            _context.Raise(new PipelineEvent(PipelineEventKind.ItemDeadLettered, Name, worker, delivery.Item, attempt.Count, exception));
            await SettleQuietlyAsync(delivery, requeue: false, abort).ConfigureAwait(false);
        }
        finally
        {
            // Results passed on before an abort cut the rest off: the next stage has received them.
            stats.Emitted += emitted;
            if (attempt.Count > 1)
            {
                stats.Retried += attempt.Count - 1;
            }

            if (!typeof(TIn).IsValueType)
            {
                stats.Current = null;
            }

            Volatile.Write(ref stats.InFlight, 0);
            if (started != 0)
            {
                _context.Metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _context.Metrics.Pipeline, Tag);
            }
        }
    }

    private async ValueTask SettleQuietlyAsync(Delivery<TIn> delivery, bool requeue, CancellationToken abort)
    {
        try
        {
            await _input.RejectAsync(delivery, requeue, abort).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WorkQueueCompletedException or OperationCanceledException or InvalidOperationException)
        {
            // The queue is being abandoned; the item is already counted.
        }
        catch (Exception exception)
        {
            // A queue that cannot settle (a broker whose connection dropped) still owns the item and
            // delivers it again; the worker must live on, so this is recorded, not thrown.
            _context.RecordFailure(new InvalidOperationException($"Stage '{Name}' could not settle an item with its queue: {exception.Message}", exception));
        }
    }

    private async ValueTask<Result> RunWithPollyAsync(Attempt attempt, CancellationToken abort)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(abort);
        try
        {
            return await _resilience!.ExecuteAsync(
                static (context, attempt) => attempt.NextAsync(context.CancellationToken),
                context,
                attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private CancellationToken WaitToken(CancellationToken abort) => _abandonInterruptsWaits ? CancellationToken.None : abort;

    /// <summary>The input has ended: completed and drained, abandoned, or the wait was aborted.</summary>
    private static bool IsEndOfInput(Exception exception, CancellationToken abort) =>
        exception is WorkQueueCompletedException or QueueShutDownException
        || (exception is OperationCanceledException && abort.IsCancellationRequested);

    /// <summary>Only a real wait reads the clock: busy time is lifetime minus these waits.</summary>
    private static long BeginWait(WorkerStats stats)
    {
        long started = Stopwatch.GetTimestamp();
        Volatile.Write(ref stats.WaitStartedTicks, started);
        return started;
    }

    private static void EndWait(WorkerStats stats, long started)
    {
        Volatile.Write(ref stats.WaitingTicks, stats.WaitingTicks + (Stopwatch.GetTimestamp() - started));
        Volatile.Write(ref stats.WaitStartedTicks, 0);
    }

    /// <summary>One attempt at one item; a handler that completes synchronously costs no state machine.</summary>
    private ValueTask<Result> InvokeAsync(TIn item, CancellationToken cancellationToken)
    {
        if (_handler.Transform is { } transform)
        {
            ValueTask<TOut> pending = transform(item, cancellationToken);
            return pending.IsCompletedSuccessfully ? new ValueTask<Result>(new Result(pending.Result, null, false)) : AwaitTransform(pending);
        }

        if (_handler.Sink is { } sink)
        {
            ValueTask pending = sink(item, cancellationToken);
            return pending.IsCompletedSuccessfully ? default : AwaitSink(pending);
        }

        return InvokeSlowAsync(item, cancellationToken);

        static async ValueTask<Result> AwaitTransform(ValueTask<TOut> pending) => new(await pending.ConfigureAwait(false), null, false);

        static async ValueTask<Result> AwaitSink(ValueTask pending)
        {
            await pending.ConfigureAwait(false);
            return default;
        }
    }

    private async ValueTask<Result> InvokeSlowAsync(TIn item, CancellationToken cancellationToken)
    {
        if (_handler.TransformMany is { } many)
        {
            // Made whole here, inside the attempt: a lazy sequence that throws part-way is then a failed
            // attempt, retried like any other, and no result of it has been passed on.
            IEnumerable<TOut>? results = await many(item, cancellationToken).ConfigureAwait(false);
            return new Result(default!, results is null ? [] : [.. results], false);
        }

        bool keep = await _handler.Filter!(item, cancellationToken).ConfigureAwait(false);
        return new Result(Unsafe.As<TIn, TOut>(ref item), null, !keep);
    }

    /// <summary>The outcome of a successful attempt: one output, many, or none (filtered out, or a sink).</summary>
    private readonly record struct Result(TOut One, IEnumerable<TOut>? Many, bool Filtered);

    /// <summary>A worker's reusable state for the attempts at one item, so that retries allocate no closure.</summary>
    private sealed class Attempt(TypedStageRunner<TIn, TOut> runner)
    {
        public TIn Item { get; set; } = default!;

        public int Count { get; set; }

        public ValueTask<Result> NextAsync(CancellationToken cancellationToken)
        {
            Count++;
            if (Count > 1)
            {
                if (runner._context.Metrics.Retried.Enabled)
                {
                    runner._context.Metrics.Retried.Add(1, runner._context.Metrics.Pipeline, runner.Tag);
                }

                PipelineLog.ItemRetried(runner._context.Options.Logger, runner._context.Options.Name, runner.Name, Count);
                runner._context.Raise(new PipelineEvent(PipelineEventKind.ItemRetried, runner.Name, -1, Item, Count, null));
            }

            return runner.InvokeAsync(Item, cancellationToken);
        }
    }
}
