using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Bookline.Pipelines.Running;

/// <summary>
/// A stage's Polly pipeline: retries outermost, then the circuit breaker, then the time limit of one attempt; and the
/// breaker's state for reports. Null <see cref="Pipeline"/> when the stage has none of them (the fast path).
/// </summary>
internal sealed class StageResilience
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan _breakDuration;
    private int _openings;

    private StageResilience(ResiliencePipeline? pipeline, CircuitBreakerStateProvider? breaker, TimeProvider clock, TimeSpan breakDuration)
    {
        Pipeline = pipeline;
        Breaker = breaker;
        _clock = clock;
        _breakDuration = breakDuration;
    }

    public ResiliencePipeline? Pipeline { get; }

    public CircuitBreakerStateProvider? Breaker { get; }

    public int Openings => Volatile.Read(ref _openings);

    /// <summary>Where the breaker stands, in the pipeline's terms; null without one.</summary>
    public CircuitState? Circuit => Breaker?.CircuitState switch
    {
        null => null,
        Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated => CircuitState.Open,
        Polly.CircuitBreaker.CircuitState.HalfOpen => CircuitState.HalfOpen,
        _ => CircuitState.Closed,
    };

    /// <summary>Builds the stage's pipeline; <paramref name="raise"/> gets the breaker's changes (null when only validating).</summary>
    public static StageResilience Build(string stage, StageOptions options, PipelineOptions pipeline, Action<PipelineEventKind>? raise)
    {
        RetryOptions? retry = options.Retry is { MaxAttempts: > 1 } r ? r : null;
        CircuitBreakerOptions? breaker = options.CircuitBreaker;
        if (retry is null && options.Timeout is null && breaker is null)
        {
            return new StageResilience(null, null, pipeline.TimeProvider, TimeSpan.Zero); // the common fast path: one attempt, no time limit, no Polly call at all
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
                    && exception is not BrokenCircuitException // the breaker is open: the item waits for it, it is not retried
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && retry.ShouldRetry(exception)),
            });
        }

        CircuitBreakerStateProvider? state = null;
        StageResilience? built = null;
        if (breaker is not null)
        {
            state = new CircuitBreakerStateProvider();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && breaker.IsFailure(exception)),
                OnOpened = _ =>
                {
                    Interlocked.Increment(ref built!._openings);
                    raise?.Invoke(PipelineEventKind.CircuitOpened);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    raise?.Invoke(PipelineEventKind.CircuitHalfOpened);
                    return default;
                },
                OnClosed = _ =>
                {
                    raise?.Invoke(PipelineEventKind.CircuitClosed);
                    return default;
                },
            });
        }

        if (options.Timeout is { } timeout)
        {
            builder.AddTimeout(timeout); // innermost: the limit applies to each attempt
        }

        built = new StageResilience(builder.Build(), state, pipeline.TimeProvider, breaker?.BreakDuration ?? TimeSpan.Zero);
        return built;
    }

    /// <summary>
    /// Runs the attempts through the pipeline. Work that meets the open breaker is not attempted: it waits out the break
    /// (or, half-open, a moment for the trial under way) and goes again, so an outage holds items instead of failing them.
    /// </summary>
    public async ValueTask<TResult> ExecuteAsync<TResult, TState>(Func<ResilienceContext, TState, ValueTask<TResult>> callback, TState state, CancellationToken abort)
    {
        while (true)
        {
            ResilienceContext context = ResilienceContextPool.Shared.Get(abort);
            try
            {
                return await Pipeline!.ExecuteAsync(callback, context, state).ConfigureAwait(false);
            }
            catch (BrokenCircuitException broken) when (!abort.IsCancellationRequested)
            {
                TimeSpan wait = broken.RetryAfter is { } after && after > TimeSpan.Zero ? after : _breakDuration / 10;
                await Task.Delay(wait, _clock, abort).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
    }
}
