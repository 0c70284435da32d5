namespace Bookline.Pipelines.Running;

/// <summary>What every stage of one run shares: options, clock, instruments, dead letters and failures.</summary>
internal sealed class RunContext
{
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly List<Exception> _failures = [];

    public RunContext(PipelineOptions options, Func<IEnumerable<StageRunner>> stages)
    {
        Options = options;
        Metrics = new PipelineMetrics(options.Name, stages);
    }

    public PipelineOptions Options { get; }

    /// <summary>Aborts the whole run (a stage's outage); set by whatever runs the stages.</summary>
    public Action AbortRun { get; set; } = static () => { };

    /// <summary>Completes when the run's input is completed (or the run aborted): remote stages finish then.</summary>
    public TaskCompletionSource InputCompleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipelineMetrics Metrics { get; }

    public IReadOnlyList<DeadLetter> DeadLetters
    {
        get
        {
            lock (_deadLetters)
            {
                return [.. _deadLetters];
            }
        }
    }

    public IReadOnlyList<Exception> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public void RecordFailure(Exception exception)
    {
        lock (_failures)
        {
            _failures.Add(exception);
        }

        PipelineLog.RunFailure(Options.Logger, exception, Options.Name, exception.Message);
    }

    /// <summary>
    /// Hands a dead letter to the sink, then keeps it for the report. A sink that throws has not recorded
    /// the item's failure: the dead letter is not kept, and the sink's exception is returned, so that the
    /// caller keeps the item instead of dropping it.
    /// </summary>
    public async ValueTask<Exception?> DeadLetterAsync(DeadLetter deadLetter)
    {
        if (Options.DeadLetterSink is { } sink)
        {
            try
            {
                // Not the abort token: a dead letter is flushed even during an immediate shutdown.
                await sink(deadLetter, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                return exception;
            }
        }

        lock (_deadLetters)
        {
            _deadLetters.Add(deadLetter);
        }

        PipelineLog.ItemDeadLettered(Options.Logger, deadLetter.Exception, Options.Name, deadLetter.Stage, deadLetter.Attempts, deadLetter.Reason);
        return null;
    }

    public void Raise(in PipelineEvent pipelineEvent) => Options.OnEvent?.Invoke(pipelineEvent);
}
