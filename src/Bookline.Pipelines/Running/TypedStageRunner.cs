using System.Diagnostics;
using System.Runtime.CompilerServices;
using Bookline.Pipelines.Transport;
using Bookline.Queues;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
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
    /// <summary>The most items a dispatcher takes under one lock behind the one it waited for.</summary>
    private const int DispatchBacklog = 32;

    private readonly IWorkQueue<TIn> _input;
    private readonly IWorkQueue<TOut>? _output;
    private readonly AsyncQueue<TIn>? _localInput;   // set when the queues are in this process:
    private readonly AsyncQueue<TOut>? _localOutput; // used directly, without the seam's adapters
    private readonly StageHandler<TIn, TOut> _handler;
    private readonly StageOptions _options;
    private readonly RunContext _context;
    private readonly StageResilience _resilienceState;
    private readonly ResiliencePipeline? _resilience;
    private readonly WorkerStats[] _workers;
    private readonly bool _abandonInterruptsWaits;
    private readonly OrderedWindow<TIn, TOut>? _window;   // Ordered, with several workers
    private readonly KeyPartitions<TIn>? _partitions;     // OrderBy, with several workers
    private readonly RateLimiter? _limiter;
    private readonly StageOutcomes<TIn> _outcomes;
    private Func<OrderedSlot<TIn, TOut>, ValueTask>? _passOnInOrder;
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
        _resilienceState = StageResilience.Build(name, options, context.Options, kind => context.Raise(new PipelineEvent(kind, name, -1, null, 0, null)));
        _resilience = _resilienceState.Pipeline;
        _limiter = options.RateLimiter;
        _outcomes = new StageOutcomes<TIn>(name, input, options, context);

        // One worker keeps the order of its items anyway: the window and the partitions are for several.
        if (options.Ordered && workers > 1)
        {
            _window = new OrderedWindow<TIn, TOut>(options.EffectiveOrderWindow);
        }

        if (options.PartitionHash is { } hash && workers > 1)
        {
            _partitions = new KeyPartitions<TIn>(workers, Math.Max(1, options.Capacity / workers), CheckPartitionHash(name, options));
        }
    }

    /// <summary>The key hash of <see cref="StageOptions.OrderBy{TItem, TKey}"/>, checked against the stage's input type.</summary>
    internal static Func<TIn, int> CheckPartitionHash(string name, StageOptions options) =>
        options.PartitionHash as Func<TIn, int>
        ?? throw new ArgumentException($"Stage '{name}': OrderBy was given a key of {options.PartitionItemType?.Name} items, but the stage takes {typeof(TIn).Name} items.");

    public override Task Completion => _completion;

    public override int QueueDepth => _input.Count + (_partitions?.Count ?? 0) + (_window?.Numbered.Count ?? 0);

    public override void Start(CancellationToken abort)
    {
        _passOnInOrder = slot => PassOnInOrder(slot, abort);
        bool dispatched = _partitions is not null || _window is not null;
        var workers = new Task[_workers.Length + (dispatched ? 1 : 0)];
        for (int i = 0; i < _workers.Length; i++)
        {
            int worker = i;
            workers[i] = Task.Run(() => WorkAsync(worker, abort), CancellationToken.None);
        }

        if (dispatched)
        {
            workers[^1] = Task.Run(() => DispatchAsync(abort), CancellationToken.None);
        }

        _completion = FinishAsync(workers.Length > 0 ? Task.WhenAll(workers) : _context.InputCompleted.Task);
    }

    public override void AbandonQueue()
    {
        Interlocked.Add(ref _abandoned, _input.Abandon().Count);
        if (_partitions is not null)
        {
            Interlocked.Add(ref _abandoned, _partitions.Abandon());
        }

        if (_window is not null)
        {
            // Numbered and not taken: they count as received and unprocessed, and are passed over at the head.
            while (TryTakeNumbered(out (Delivery<TIn> Delivery, long Number) left))
            {
                Interlocked.Increment(ref _abandoned);
                _window.Deposit(left.Number, left.Delivery, 0, 0, passOn: false, default!, null, false);
            }

            _window.Numbered.Shutdown(immediate: true);
        }
    }

    private bool TryTakeNumbered(out (Delivery<TIn> Delivery, long Number) item)
    {
        try
        {
            return _window!.Numbered.TryGet(out item);
        }
        catch (QueueShutDownException)
        {
            item = default;
            return false;
        }
    }

    public override StageReport Report(TimeSpan elapsed)
    {
        _window?.CountWaiting();
        WorkerStats[] helpers = [.. new[] { _window?.Stats, _partitions?.Stats }.OfType<WorkerStats>()];
        return StageReporting.Report(Name, _workers, helpers, Volatile.Read(ref _abandoned), QueueDepth, _input.PeakCount, elapsed, _resilienceState);
    }

    private async Task FinishAsync(Task working)
    {
        try
        {
            await working.ConfigureAwait(false);
        }
        finally
        {
            if (_window is not null)
            {
                foreach (OrderedSlot<TIn, TOut> slot in _window.TakeLeftOver())
                {
                    if (slot.PassOn)
                    {
                        _window.Stats.Unprocessed++; // handled, but an abort stopped the window before its turn
                        await _outcomes.SettleQuietlyAsync(slot.Delivery, requeue: true, CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }

            StageReporting.Completed(_context, Name, _output is null ? null : _output.Complete);
        }
    }

    private async Task WorkAsync(int worker, CancellationToken abort)
    {
        WorkerStats stats = _workers[worker];
        Volatile.Write(ref stats.StartedTicks, Stopwatch.GetTimestamp());
        var attempt = new Attempt(this);
        AsyncQueue<Delivery<TIn>>? partition = _partitions?[worker];
        try
        {
            while (true)
            {
                Delivery<TIn> delivery;
                if (abort.IsCancellationRequested)
                {
                    return;
                }

                // A permit first, so that an item waiting for one stays in the queue, where any worker (or process) may take it.
                RateLimitLease? lease = null;
                if (_limiter is not null && (lease = await AcquirePermitAsync(stats, abort).ConfigureAwait(false)) is null)
                {
                    return;
                }

                try
                {
                    long number = -1;
                    CancellationToken waitToken = WaitToken(abort);
                    if (_window is not null)
                    {
                        ValueTask<(Delivery<TIn> Delivery, long Number)> get = _window.Numbered.GetAsync(waitToken);
                        (Delivery<TIn> Delivery, long Number) numbered;
                        if (get.IsCompletedSuccessfully)
                        {
                            numbered = get.Result;
                        }
                        else
                        {
                            long waitStarted = StageReporting.BeginWait(stats);
                            try
                            {
                                numbered = await get.ConfigureAwait(false);
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

                        (delivery, number) = numbered;
                    }
                    else if (partition is not null)
                    {
                        ValueTask<Delivery<TIn>> get = partition.GetAsync(waitToken);
                        if (get.IsCompletedSuccessfully)
                        {
                            delivery = get.Result;
                        }
                        else
                        {
                            long waitStarted = StageReporting.BeginWait(stats);
                            try
                            {
                                delivery = await get.ConfigureAwait(false);
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
                    }
                    else if (_localInput is { } local)
                    {
                        // The common case, without the seam's adapters, which would allocate on each wait.
                        ValueTask<TIn> get = local.GetAsync(waitToken);
                        if (get.IsCompletedSuccessfully)
                        {
                            delivery = new Delivery<TIn>(get.Result, 0);
                        }
                        else
                        {
                            long waitStarted = StageReporting.BeginWait(stats);
                            try
                            {
                                delivery = new Delivery<TIn>(await get.ConfigureAwait(false), 0);
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
                            long waitStarted = StageReporting.BeginWait(stats);
                            try
                            {
                                delivery = await next.ConfigureAwait(false);
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
                    }

                    ValueTask handled = number < 0 && CanHandleAtOnce
                        ? HandleAtOnceOrLater(worker, stats, attempt, delivery, abort)
                        : HandleAsync(worker, stats, attempt, delivery, number, abort);
                    if (!handled.IsCompletedSuccessfully)
                    {
                        await handled.ConfigureAwait(false);
                    }
                }
                finally
                {
                    lease?.Dispose();
                }
            }
        }
        finally
        {
            Volatile.Write(ref stats.EndedTicks, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>
    /// The dispatcher of a keyed or ordered stage, the only reader of its queue: a keyed stage's puts each delivery in the
    /// queue of its key's worker; an ordered stage's numbers the deliveries in the queue's order, within the window.
    /// </summary>
    private async Task DispatchAsync(CancellationToken abort)
    {
        WorkerStats stats = _partitions?.Stats ?? _window!.Stats;

        // What is queued behind the item the dispatcher waited for, taken under one lock: in memory, the dispatcher alone
        // reads the queue, so taking ahead changes no order, and the window still bounds what is numbered.
        List<TIn>? backlog = _localInput is not null ? new List<TIn>(DispatchBacklog) : null;
        int next = 0;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                Delivery<TIn> delivery;
                if (backlog is not null && next < backlog.Count)
                {
                    delivery = new Delivery<TIn>(backlog[next++], 0);
                }
                else
                {
                    try
                    {
                        delivery = _localInput is { } local
                            ? new Delivery<TIn>(await local.GetAsync(WaitToken(abort)).ConfigureAwait(false), 0)
                            : await _input.DequeueAsync(WaitToken(abort)).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (StageReporting.IsEndOfInput(exception, abort))
                    {
                        return;
                    }

                    if (backlog is not null)
                    {
                        backlog.Clear();
                        next = 0;
                        TakeBacklog(backlog);
                    }
                }

                try
                {
                    ValueTask put;
                    if (_window is not null)
                    {
                        long number = await _window.NumberAsync(abort).ConfigureAwait(false);
                        put = _window.Numbered.PutAsync((delivery, number), WaitToken(abort));
                    }
                    else
                    {
                        int partition;
                        try
                        {
                            partition = _partitions!.PartitionOf(delivery.Item);
                        }
                        catch (Exception exception)
                        {
                            // The key selector failed on this item: the item fails, as its handler would have.
                            stats.Received++;
                            await _outcomes.DeadLetterOrKeepAsync(stats, delivery, -1, 0, exception, abort).ConfigureAwait(false);
                            continue;
                        }

                        put = _partitions[partition].PutAsync(delivery, WaitToken(abort));
                    }

                    if (!put.IsCompletedSuccessfully)
                    {
                        await put.ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (StageReporting.IsEndOfInput(exception, abort))
                {
                    // Abandoned while this delivery was in hand: it reached the stage, and no worker. Once aborted, the
                    // window passes nothing more on, so a number it may have had is never waited for.
                    stats.Received++;
                    stats.Unprocessed++;
                    await _outcomes.SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            // Taken ahead and cut off: they reached the stage, and no worker.
            for (; backlog is not null && next < backlog.Count; next++)
            {
                stats.Received++;
                stats.Unprocessed++;
                await _outcomes.SettleQuietlyAsync(new Delivery<TIn>(backlog[next], 0), requeue: true, abort).ConfigureAwait(false);
            }

            _partitions?.Complete();
            _window?.Numbered.Shutdown();
        }
    }

    private void TakeBacklog(List<TIn> backlog)
    {
        try
        {
            _localInput!.TryGetMany(backlog, DispatchBacklog);
        }
        catch (QueueShutDownException)
        {
            // drained and shut down: the next wait says so
        }
    }

    /// <summary>Waits for a permit of the stage's rate limiter; null when the run was aborted meanwhile.</summary>
    private async ValueTask<RateLimitLease?> AcquirePermitAsync(WorkerStats stats, CancellationToken abort)
    {
        TimeProvider clock = _context.Options.TimeProvider;
        long started = clock.GetTimestamp();
        try
        {
            while (true)
            {
                RateLimitLease lease = await _limiter!.AcquireAsync(1, abort).ConfigureAwait(false);
                if (lease.IsAcquired)
                {
                    return lease;
                }

                // Refused outright (the limiter's own queue is full): ask again when it says to.
                TimeSpan retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) && after > TimeSpan.Zero ? after : TimeSpan.FromMilliseconds(50);
                lease.Dispose();
                await Task.Delay(retryAfter, clock, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            stats.PermitWaitTicks += clock.GetElapsedTime(started).Ticks;
        }
    }

    /// <summary>
    /// True when an item may be handled without a state machine: no retries, time limit or breaker, no span and no duration
    /// to record. Those need the whole of <see cref="HandleAsync"/>; checked per item, as listeners come and go.
    /// </summary>
    private bool CanHandleAtOnce =>
        _resilience is null && (_output is null || _localOutput is not null)
        && !_context.Metrics.Duration.Enabled && !PipelineTelemetry.ActivitySource.HasListeners();

    /// <summary>
    /// An item whose handler and put complete at once, handled and counted without entering an async method (most of a
    /// stage's cost per item, when the handler is cheap); anything that has to wait goes on in <see cref="HandleAsync"/>.
    /// </summary>
    private ValueTask HandleAtOnceOrLater(int worker, WorkerStats stats, Attempt attempt, Delivery<TIn> delivery, CancellationToken abort)
    {
        Began(stats, attempt, delivery);
        attempt.Count = 1;
        ValueTask<Result> single;
        try
        {
            single = InvokeAsync(delivery.Item, abort);
        }
        catch (Exception exception)
        {
            single = ValueTask.FromException<Result>(exception); // handled as HandleAsync handles any failure
        }

        if (!single.IsCompletedSuccessfully)
        {
            return HandleAsync(worker, stats, attempt, delivery, -1, abort, single);
        }

        Result result = single.Result; // read once: a ValueTask may be consumed only once
        if (result.Filtered || result.Many is not null)
        {
            return HandleAsync(worker, stats, attempt, delivery, -1, abort, new ValueTask<Result>(result));
        }

        if (_localOutput is { } local)
        {
            ValueTask put = local.PutAsync(result.One, WaitToken(abort));
            if (!put.IsCompletedSuccessfully)
            {
                return EndedAfter(PassOnAsync(stats, stats, worker, delivery, 1, result, abort, put), stats);
            }

            stats.Emitted++;
        }

        _outcomes.Succeeded(stats, worker, delivery, 1, filtered: false);
        Ended(stats);
        return default;

        async ValueTask EndedAfter(ValueTask passing, WorkerStats stats)
        {
            try
            {
                await passing.ConfigureAwait(false); // never throws: it settles every outcome itself
            }
            finally
            {
                Ended(stats);
            }
        }
    }

    private static void Began(WorkerStats stats, Attempt attempt, in Delivery<TIn> delivery)
    {
        stats.Received++;
        if (!typeof(TIn).IsValueType)
        {
            stats.Current = delivery.Item; // a value type would be boxed on every item: not tracked
        }

        Volatile.Write(ref stats.InFlight, 1);
        attempt.Item = delivery.Item;
        attempt.Count = 0;
    }

    private static void Ended(WorkerStats stats)
    {
        if (!typeof(TIn).IsValueType)
        {
            stats.Current = null;
        }

        Volatile.Write(ref stats.InFlight, 0);
    }

    /// <summary>
    /// One item: attempts, passing the results on, then settling the delivery; in an ordered stage (<paramref name="number"/>
    /// from 0) the outcome goes to the window instead, and the emitter passes it on in turn. Never throws.
    /// </summary>
    /// <param name="worker">The worker.</param>
    /// <param name="stats">Its counts.</param>
    /// <param name="attempt">Its reusable attempt state.</param>
    /// <param name="delivery">The item.</param>
    /// <param name="number">An ordered item's number in the window, or -1.</param>
    /// <param name="abort">The run's abort.</param>
    /// <param name="invoked">The handler, already called on the item by <see cref="HandleAtOnceOrLater"/> (which counted it), or default.</param>
    private async ValueTask HandleAsync(int worker, WorkerStats stats, Attempt attempt, Delivery<TIn> delivery, long number, CancellationToken abort, ValueTask<Result>? invoked = null)
    {
        if (invoked is null)
        {
            Began(stats, attempt, delivery);
        }

        long started = _context.Metrics.Duration.Enabled ? Stopwatch.GetTimestamp() : 0;
        using Activity? activity = invoked is null && PipelineTelemetry.ActivitySource.HasListeners()
            ? PipelineTelemetry.ActivitySource.StartActivity(Name, ActivityKind.Internal)
            : null;
        bool deposited = number < 0; // an ordered item's number must reach the window whatever happens
        try
        {
            Result result;
            if (invoked is { } single)
            {
                result = await single.ConfigureAwait(false);
            }
            else if (_resilience is null)
            {
                attempt.Count = 1;
                ValueTask<Result> once = InvokeAsync(delivery.Item, abort);
                result = once.IsCompletedSuccessfully ? once.Result : await once.ConfigureAwait(false);
            }
            else
            {
                result = await _resilienceState.ExecuteAsync(static (context, attempt) => attempt.NextAsync(context.CancellationToken), attempt, abort).ConfigureAwait(false);
            }

            if (number >= 0)
            {
                _window!.Deposit(number, delivery, worker, attempt.Count, passOn: true, result.One, result.Many, result.Filtered);
                deposited = true;
                await _window.EmitReadyAsync(_passOnInOrder!).ConfigureAwait(false);
                return;
            }

            if (_output is not null && !result.Filtered && result.Many is null && _localOutput is { } local)
            {
                // The common case inline: one result into an in-process queue, which waits while it is full (backpressure).
                ValueTask put = local.PutAsync(result.One, WaitToken(abort));
                if (!put.IsCompletedSuccessfully)
                {
                    await PassOnAsync(stats, stats, worker, delivery, attempt.Count, result, abort, put).ConfigureAwait(false);
                    return;
                }

                stats.Emitted++;
                _outcomes.Succeeded(stats, worker, delivery, attempt.Count, filtered: false);
                return;
            }

            await PassOnAsync(stats, stats, worker, delivery, attempt.Count, result, abort).ConfigureAwait(false);
        }
        catch (Exception exception) when (abort.IsCancellationRequested && exception is OperationCanceledException or WorkQueueCompletedException or QueueShutDownException)
        {
            // Immediate shutdown (the handler was cancelled): the item was not processed. A broker would deliver it again.
            stats.Unprocessed++;
            activity?.SetStatus(ActivityStatusCode.Error, "aborted");
            await _outcomes.SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            await _outcomes.DeadLetterOrKeepAsync(stats, delivery, worker, attempt.Count, exception, abort).ConfigureAwait(false);
        }
        finally
        {
            if (!deposited)
            {
                // Failed or cut off: nothing to pass on, but the outcomes behind it must not wait for it.
                _window!.Deposit(number, delivery, worker, attempt.Count, passOn: false, default!, null, false);
                await _window.EmitReadyAsync(_passOnInOrder!).ConfigureAwait(false);
            }

            if (attempt.Count > 1)
            {
                stats.Retried += attempt.Count - 1;
            }

            Ended(stats);
            if (started != 0)
            {
                _context.Metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _context.Metrics.Pipeline, Tag);
            }
        }
    }

    /// <summary>
    /// Passes a successful item's results to the next queue and only then acknowledges it: the counts of success go to the
    /// item's worker, those of an item cut off to <paramref name="settler"/> (the worker itself, or an ordered stage's
    /// emitter). <paramref name="pending"/> is a put of the one result already under way. Never throws.
    /// </summary>
    private async ValueTask PassOnAsync(WorkerStats owner, WorkerStats settler, int worker, Delivery<TIn> delivery, int attempts, Result result, CancellationToken abort, ValueTask pending = default)
    {
        int emitted = 0; // results already in the next queue, whatever happens after
        try
        {
            if (_output is not null && !result.Filtered)
            {
                if (result.Many is null)
                {
                    // Waits while the next queue is full: this is how backpressure travels upstream.
                    ValueTask put = pending != default ? pending
                        : _localOutput is { } local ? local.PutAsync(result.One, WaitToken(abort)) : _output.EnqueueAsync(result.One, WaitToken(abort));
                    await put.ConfigureAwait(false);
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

            owner.Emitted += emitted;
            emitted = 0;
            _outcomes.Succeeded(owner, worker, delivery, attempts, result.Filtered);
        }
        catch (Exception exception) when (abort.IsCancellationRequested && exception is OperationCanceledException or WorkQueueCompletedException or QueueShutDownException)
        {
            // Immediate shutdown (the next queue was abandoned): the item was not processed. A broker would deliver it again.
            settler.Unprocessed++;
            await _outcomes.SettleQuietlyAsync(delivery, requeue: true, abort).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await _outcomes.DeadLetterOrKeepAsync(settler, delivery, worker, attempts, exception, abort).ConfigureAwait(false);
        }
        finally
        {
            // Results passed on before an abort cut the rest off: the next stage has received them.
            owner.Emitted += emitted;
        }
    }

    /// <summary>An ordered stage's outcome at the head, passed on by whichever worker emits; the common case inline.</summary>
    private ValueTask PassOnInOrder(OrderedSlot<TIn, TOut> slot, CancellationToken abort)
    {
        WorkerStats owner = _workers[slot.Worker];
        if (!slot.Filtered && slot.Many is null && (_output is null || _localOutput is not null))
        {
            ValueTask put = _localOutput?.PutAsync(slot.One, WaitToken(abort)) ?? default;
            if (put.IsCompletedSuccessfully)
            {
                owner.Emitted += _output is null ? 0 : 1;
                _outcomes.Succeeded(owner, slot.Worker, slot.Delivery, slot.Attempts, filtered: false);
                return default;
            }

            return PassOnAsync(owner, _window!.Stats, slot.Worker, slot.Delivery, slot.Attempts, new Result(slot.One, null, false), abort, put);
        }

        return PassOnAsync(owner, _window!.Stats, slot.Worker, slot.Delivery, slot.Attempts, new Result(slot.One, slot.Many, slot.Filtered), abort);
    }

    private CancellationToken WaitToken(CancellationToken abort) => _abandonInterruptsWaits ? CancellationToken.None : abort;

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
