using System.Diagnostics;
using System.Runtime.CompilerServices;
using Bookline.Pipelines.Transport;
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
    private readonly StageRunner? _next;
    private readonly StageHandler<TIn, TOut> _handler;
    private readonly StageOptions _options;
    private readonly RunContext _context;
    private readonly ResiliencePipeline? _resilience;
    private readonly WorkerStats[] _workers;
    private int _highWaterMark;
    private long _abandoned;
    private Task _completion = Task.CompletedTask;

    public TypedStageRunner(string name, IWorkQueue<TIn> input, IWorkQueue<TOut>? output, StageRunner? next, StageHandler<TIn, TOut> handler, StageOptions options, RunContext context)
        : base(name)
    {
        _input = input;
        _output = output;
        _next = next;
        _handler = handler;
        _options = options;
        _context = context;
        _workers = [.. Enumerable.Range(0, options.Workers).Select(_ => new WorkerStats())];
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

        _completion = FinishAsync(workers);
    }

    public override void AbandonQueue() => Interlocked.Add(ref _abandoned, _input.Abandon().Count);

    public override void ObserveDepth()
    {
        int depth = _input.Count;
        int seen = Volatile.Read(ref _highWaterMark);
        while (depth > seen)
        {
            int previous = Interlocked.CompareExchange(ref _highWaterMark, depth, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }

    public override StageReport Report(TimeSpan elapsed)
    {
        long abandoned = Volatile.Read(ref _abandoned);
        long received = 0, processed = 0, emitted = 0, filtered = 0, failed = 0, retried = 0, unprocessed = abandoned, inFlight = 0, busy = 0;
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
            busy += Volatile.Read(ref w.BusyTicks);
            workers[i] = new WorkerReport(i, Volatile.Read(ref w.Processed), Volatile.Read(ref w.Failed), Stopwatch.GetElapsedTime(0, Volatile.Read(ref w.BusyTicks)), Volatile.Read(ref w.Current));
        }

        // Abandoned items reached the stage's queue but no worker: they count as received and unprocessed.
        return new StageReport(Name, workers, received + abandoned, processed, emitted, filtered, failed, retried, inFlight, unprocessed, _input.Count, Volatile.Read(ref _highWaterMark), Stopwatch.GetElapsedTime(0, busy), elapsed);
    }

    private static ResiliencePipeline? BuildResilience(string stage, StageOptions options, PipelineOptions pipeline)
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
            _context.Raise(new PipelineEvent(PipelineEventKind.StageCompleted, Name, -1, null, 0, null));
        }
    }

    private async Task WorkAsync(int worker, CancellationToken abort)
    {
        WorkerStats stats = _workers[worker];
        var attempt = new Attempt(this);
        while (true)
        {
            Delivery<TIn> delivery;
            try
            {
                delivery = await _input.DequeueAsync(abort).ConfigureAwait(false);
            }
            catch (WorkQueueCompletedException)
            {
                return;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }

            await HandleAsync(worker, stats, attempt, delivery, abort).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleAsync(int worker, WorkerStats stats, Attempt attempt, Delivery<TIn> delivery, CancellationToken abort)
    {
        stats.Received++;
        stats.Current = delivery.Item;
        Volatile.Write(ref stats.InFlight, 1);
        long started = Stopwatch.GetTimestamp();
        using Activity? activity = PipelineTelemetry.ActivitySource.HasListeners()
            ? PipelineTelemetry.ActivitySource.StartActivity(Name, ActivityKind.Internal)
            : null;
        attempt.Item = delivery.Item;
        attempt.Count = 0;
        try
        {
            Result result = await RunAttemptsAsync(attempt, abort).ConfigureAwait(false);
            int emitted = await EmitAsync(result, abort).ConfigureAwait(false);
            _input.Acknowledge(delivery);
            if (result.Filtered)
            {
                stats.Filtered++;
            }
            else
            {
                stats.Processed++;
                stats.Emitted += emitted;
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
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Immediate shutdown: the item was not processed. A broker would deliver it again.
            stats.Unprocessed++;
            activity?.SetStatus(ActivityStatusCode.Error, "aborted");
            await SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            stats.Failed++;
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            if (_context.Metrics.Failed.Enabled)
            {
                _context.Metrics.Failed.Add(1, _context.Metrics.Pipeline, Tag);
            }

            TimeSpan? timedOut = exception is TimeoutRejectedException ? _options.Timeout : null;
            var deadLetter = new DeadLetter(Name, delivery.Item, Math.Max(1, attempt.Count), exception, timedOut);
            await _context.DeadLetterAsync(deadLetter).ConfigureAwait(false);
            _context.Raise(new PipelineEvent(PipelineEventKind.ItemDeadLettered, Name, worker, delivery.Item, attempt.Count, exception));
            await SettleQuietlyAsync(delivery, requeue: false, abort).ConfigureAwait(false);
        }
        finally
        {
            long elapsed = Stopwatch.GetTimestamp() - started;
            stats.BusyTicks += elapsed;
            if (attempt.Count > 1)
            {
                stats.Retried += attempt.Count - 1;
            }

            stats.Current = null;
            Volatile.Write(ref stats.InFlight, 0);
            if (_context.Metrics.Duration.Enabled)
            {
                _context.Metrics.Duration.Record(Stopwatch.GetElapsedTime(0, elapsed).TotalSeconds, _context.Metrics.Pipeline, Tag);
            }
        }
    }

    /// <summary>
    /// Rejects a delivery without ever blocking the worker: on an immediate shutdown the abort token
    /// is already cancelled, so an in-memory requeue gives up at once (a broker simply redelivers).
    /// </summary>
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
    }

    private ValueTask<Result> RunAttemptsAsync(Attempt attempt, CancellationToken abort)
    {
        if (_resilience is null)
        {
            attempt.Count = 1;
            return InvokeAsync(attempt.Item, abort);
        }

        return RunWithPollyAsync(attempt, abort);
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

    private async ValueTask<Result> InvokeAsync(TIn item, CancellationToken cancellationToken)
    {
        if (_handler.Transform is { } transform)
        {
            return new Result(await transform(item, cancellationToken).ConfigureAwait(false), null, false);
        }

        if (_handler.TransformMany is { } many)
        {
            return new Result(default!, await many(item, cancellationToken).ConfigureAwait(false) ?? [], false);
        }

        if (_handler.Filter is { } filter)
        {
            bool keep = await filter(item, cancellationToken).ConfigureAwait(false);
            return new Result(Unsafe.As<TIn, TOut>(ref item), null, !keep);
        }

        await _handler.Sink!(item, cancellationToken).ConfigureAwait(false);
        return new Result(default!, null, false);
    }

    /// <summary>Passes results on; waits while the next queue is full, which is how backpressure travels upstream.</summary>
    private async ValueTask<int> EmitAsync(Result result, CancellationToken abort)
    {
        if (_output is null || result.Filtered)
        {
            return 0;
        }

        if (result.Many is null)
        {
            await _output.EnqueueAsync(result.One, abort).ConfigureAwait(false);
            _next!.ObserveDepth();
            return 1;
        }

        int emitted = 0;
        foreach (TOut item in result.Many)
        {
            await _output.EnqueueAsync(item, abort).ConfigureAwait(false);
            _next!.ObserveDepth();
            emitted++;
        }

        return emitted;
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

                runner._context.Raise(new PipelineEvent(PipelineEventKind.ItemRetried, runner.Name, -1, Item, Count, null));
            }

            return runner.InvokeAsync(Item, cancellationToken);
        }
    }
}
