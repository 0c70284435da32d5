using System.Diagnostics;
using Bookline.Pipelines.Running;
using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines;

/// <summary>
/// One run of a pipeline: the producers' side (<see cref="WriteAsync"/>, <see cref="CompleteInput"/>),
/// the two ways to stop it, live reports, and the final report.
/// </summary>
/// <typeparam name="TSource">The type of the items put into the pipeline.</typeparam>
public sealed class PipelineRun<TSource> : IAsyncDisposable
{
    private const long OneAccepted = 1L << 24;
    private const long PendingMask = OneAccepted - 1;

    private readonly string _name;
    private readonly IWorkQueue<TSource> _input;
    private readonly StageRunner[] _runners;
    private readonly RunContext _context;
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenRegistration _stopRegistration;
    private readonly CancellationTokenRegistration _abortRegistration;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _abandoning = new();
    private long _writes; // accepted writes above bit 24, pending ones (fewer than 16 million at once) below: one atomic add settles a write
    private TaskCompletionSource? _writesSettled;
    private int _stopping;
    private PipelineReport? _final;

    internal PipelineRun(PipelineOptions options, IComparer<TSource>? priority, IReadOnlyList<StageDefinition> stages, CancellationToken stopToken, CancellationToken abortToken)
    {
        if (stages.Count == 0)
        {
            throw new InvalidOperationException("A pipeline needs at least one stage.");
        }

        _name = options.Name;
        if (options.RemoteStages.FirstOrDefault(r => !stages.Any(s => s.Name == r)) is { } unknown)
        {
            throw new ArgumentException($"Remote stage '{unknown}' is not a stage of this pipeline ({string.Join(", ", stages.Select(s => s.Name))}).", nameof(options));
        }

        _runners = new StageRunner[stages.Count];
        _context = new RunContext(options, () => _runners) { AbortRun = Abort };
        object[] queues = [.. stages.Select((s, i) => s.CreateQueue(options, i == 0 ? priority : null))];
        for (int i = 0; i < stages.Count; i++)
        {
            // A stage feeds the stages that name it their parent: one, or a broadcast's branches.
            object[] fed = [.. stages.Select((s, j) => (s, j)).Where(p => p.s.Parent == stages[i].Name).Select(p => queues[p.j])];
            _runners[i] = stages[i].CreateRunner(queues[i], fed.Length == 0 ? null : stages[i].JoinOutputs(fed), _context);
        }

        _input = (IWorkQueue<TSource>)queues[0];
        foreach (StageRunner runner in _runners)
        {
            runner.Start(_abort.Token);
        }

        _stopRegistration = stopToken.UnsafeRegister(static state => ((PipelineRun<TSource>)state!).Stop(), this);
        _abortRegistration = abortToken.UnsafeRegister(static state => ((PipelineRun<TSource>)state!).Abort(), this);
        Completion = FinishAsync();
    }

    /// <summary>Completes with the final report once every stage has finished (or the run was aborted).</summary>
    public Task<PipelineReport> Completion { get; }

    /// <summary>True once a stop or an abort has been asked for.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>Puts an item into the pipeline, waiting while the first queue is full (backpressure).</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled write put nothing.</param>
    /// <returns>A task that completes once the first queue has accepted the item.</returns>
    /// <exception cref="WorkQueueCompletedException">The input was completed, or the run stopped.</exception>
    public ValueTask WriteAsync(TSource item, CancellationToken cancellationToken = default)
    {
        // Pending from before the enqueue until it is counted: the item may be processed, and the run
        // finish, before this method returns, and the final report waits for every pending write.
        Interlocked.Increment(ref _writes);
        ValueTask put;
        try
        {
            put = _input.EnqueueAsync(item, cancellationToken);
        }
        catch
        {
            WriteSettled(accepted: false);
            throw;
        }

        if (put.IsCompletedSuccessfully)
        {
            WriteSettled(accepted: true);
            return default;
        }

        return AwaitAccepted(put);

        async ValueTask AwaitAccepted(ValueTask pending)
        {
            bool accepted = false;
            try
            {
                await pending.ConfigureAwait(false);
                accepted = true;
            }
            catch (WorkQueueCompletedException exception)
            {
                throw new WorkQueueCompletedException(RefusalReason(), exception);
            }
            finally
            {
                WriteSettled(accepted);
            }
        }
    }

    /// <summary>
    /// Runs producers at once; when every one has returned, completes the input and waits for the
    /// run to finish. A producer's exception is recorded in the report, except the ones a stop causes.
    /// </summary>
    /// <param name="producers">Each writes items with <see cref="WriteAsync"/>.</param>
    /// <param name="cancellationToken">Given to the producers (usually the run's stop token).</param>
    /// <returns>The final report.</returns>
    public async Task<PipelineReport> RunProducersAsync(IEnumerable<Func<PipelineRun<TSource>, CancellationToken, Task>> producers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producers);
        Task[] running = [.. producers.Select(p => Task.Run(() => p(this, cancellationToken), CancellationToken.None))];
        foreach (Task producer in running)
        {
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception exception) when ((IsStopping || cancellationToken.IsCancellationRequested) && exception is OperationCanceledException or WorkQueueCompletedException)
            {
                // the run was stopped while the producer was writing: expected
            }
            catch (Exception exception)
            {
                RecordFailure(exception);
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // The producers saw the stop first: the run's own stop callback may not have run yet,
            // and the outcome must still say Stopped.
            Stop();
        }

        CompleteInput();
        return await Completion.ConfigureAwait(false);
    }

    /// <summary>Says that no more items will be written; the run completes once everything has drained.</summary>
    public void CompleteInput()
    {
        _input.Complete();
        _context.InputCompleted.TrySetResult();
    }

    /// <summary>Stops gracefully: no new input, everything already accepted is finished, then the report.</summary>
    /// <returns>The final report.</returns>
    public Task<PipelineReport> StopAsync()
    {
        Stop();
        return Completion;
    }

    /// <summary>Stops immediately: running handlers are cancelled and queued items dropped, all counted as unprocessed.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _stopping, 2) != 2 && _final is null)
        {
            PipelineLog.Aborting(_context.Options.Logger, _name);
        }

        _abort.Cancel();
        _context.InputCompleted.TrySetResult();

        // Abandoning the queues wakes every worker and producer blocked on one, and counts what was
        // queued; a worker that still held an item counts it itself when its put fails.
        AbandonQueues();
    }

    /// <summary>What the run has done so far, for live displays.</summary>
    /// <returns>A report with <see cref="PipelineOutcome.Running"/> while the run goes on.</returns>
    public PipelineReport Snapshot() => _final ?? BuildReport(PipelineOutcome.Running);

    /// <summary>Aborts the run if it is still going and waits for it.</summary>
    /// <returns>A task that completes when the run is over.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!Completion.IsCompleted)
        {
            Abort();
        }

        await Completion.ConfigureAwait(false);
        await _stopRegistration.DisposeAsync().ConfigureAwait(false);
        await _abortRegistration.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    internal void RecordFailure(Exception exception) => _context.RecordFailure(exception);

    private void AbandonQueues()
    {
        lock (_abandoning)
        {
            foreach (StageRunner runner in _runners)
            {
                runner.AbandonQueue();
            }
        }
    }

    private void WriteSettled(bool accepted)
    {
        // Full fences on both sides (here and in WritesSettledAsync): one of the two sees the other's write.
        if ((Interlocked.Add(ref _writes, accepted ? OneAccepted - 1 : -1) & PendingMask) == 0)
        {
            Volatile.Read(ref _writesSettled)?.TrySetResult();
        }
    }

    /// <summary>Completes once no write is between its enqueue and its count (at once, nearly always).</summary>
    private Task WritesSettledAsync()
    {
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _writesSettled, settled);
        return (Interlocked.Read(ref _writes) & PendingMask) == 0 ? Task.CompletedTask : settled.Task;
    }

    /// <summary>Why a write was refused, in the caller's terms: the run was stopped, aborted, or its input completed.</summary>
    private string RefusalReason() => Volatile.Read(ref _stopping) switch
    {
        2 => $"The pipeline '{_name}' was aborted: it takes no more items.",
        1 => $"The pipeline '{_name}' was stopped: it takes no more items.",
        _ => $"The pipeline '{_name}' takes no more items: its input was completed (CompleteInput).",
    };

    private void Stop()
    {
        if (Interlocked.CompareExchange(ref _stopping, 1, 0) == 0 && _final is null)
        {
            PipelineLog.Stopping(_context.Options.Logger, _name);
        }

        CompleteInput();
    }

    private async Task<PipelineReport> FinishAsync()
    {
        await Task.WhenAll(_runners.Select(r => r.Completion)).ConfigureAwait(false);
        await WritesSettledAsync().ConfigureAwait(false);
        PipelineOutcome outcome = Volatile.Read(ref _stopping) switch
        {
            2 => PipelineOutcome.Aborted,
            1 => PipelineOutcome.Stopped,
            _ => PipelineOutcome.Completed,
        };
        if (outcome == PipelineOutcome.Aborted)
        {
            // Every worker has stopped; anything that reached a queue after the abort is counted too.
            // Under the same lock as Abort's own pass: a report built while that pass still drains a
            // deep queue would miss what it has taken and not yet counted.
            AbandonQueues();
        }

        _final = BuildReport(outcome);
        _context.Metrics.Dispose();
        PipelineLog.Finished(_context.Options.Logger, _name, outcome, _final.Elapsed.TotalSeconds, _final.Accepted, _final.DeadLetters.Count, _final.Failures.Count);
        return _final;
    }

    private PipelineReport BuildReport(PipelineOutcome outcome)
    {
        TimeSpan elapsed = Stopwatch.GetElapsedTime(_started);
        return new PipelineReport(_name, outcome, Volatile.Read(ref _writes) / OneAccepted, [.. _runners.Select(r => r.Report(elapsed))], _context.DeadLetters, _context.Failures, elapsed);
    }
}
