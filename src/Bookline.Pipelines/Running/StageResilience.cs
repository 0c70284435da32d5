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
    private int _openings;

    private StageResilience(ResiliencePipeline? pipeline, CircuitBreakerStateProvider? breaker)
    {
        Pipeline = pipeline;
        Breaker = breaker;
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
            return new StageResilience(null, null); // the common fast path: one attempt, no time limit, no Polly call at all
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

        built = new StageResilience(builder.Build(), state);
        return built;
    }
}
