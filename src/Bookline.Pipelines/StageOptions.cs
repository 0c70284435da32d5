namespace Bookline.Pipelines;

/// <summary>How one stage runs: its workers, the queue in front of it, and what happens when an item fails.</summary>
public sealed class StageOptions
{
    /// <summary>The number of workers taking items from the stage's queue at once.</summary>
    /// <value>The default value is 1. Must be at least 1.</value>
    public int Workers { get; set; } = 1;

    /// <summary>The most items the queue in front of the stage holds before upstream waits.</summary>
    /// <value>The default value is 100. Must be at least 1.</value>
    public int Capacity { get; set; } = 100;

    /// <summary>How long one attempt at one item may run before it fails as timed out; its handler's token is cancelled.</summary>
    /// <value>The default value is null: no time limit. Otherwise from <see cref="MinTimeout"/> to <see cref="MaxTimeout"/>.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Retries of an item whose handler threw.</summary>
    /// <value>The default value is null: one attempt, then the dead-letter sink.</value>
    public RetryOptions? Retry { get; set; }

    /// <summary>
    /// Tells a failure that is an outage of something the stage depends on (its database is down, its
    /// disk is full) from a fault of the item. After its last attempt such an item is not dead-lettered:
    /// it is counted unprocessed (a broker delivers it again), a <see cref="StageOutageException"/> goes
    /// into the report's failures, and the run is aborted, as every item after it would fail the same way.
    /// </summary>
    /// <value>The default value is null: every failure is the item's own.</value>
    public Func<Exception, bool>? IsOutage { get; set; }

    /// <summary>
    /// Passes results on in the order their items were taken, while <see cref="Workers"/> handle items in parallel. A result
    /// that is ready waits for the ones before it, within a window of <see cref="OrderWindow"/> items: a slow item at the head
    /// holds the window, and once it is full the workers wait for that item before taking more.
    /// </summary>
    /// <value>The default value is false: each result goes on as soon as it is ready.</value>
    public bool Ordered { get; set; }

    /// <summary>How many items, from the oldest whose result has not gone on, an ordered stage may have taken: its memory bound.</summary>
    /// <value>The default value is 0: the stage's <see cref="Capacity"/> (at least <see cref="Workers"/>). Otherwise at least <see cref="Workers"/>.</value>
    public int OrderWindow { get; set; }

    /// <summary>
    /// Permits each item must get before a worker takes it (System.Threading.RateLimiting): a token bucket or fixed window for
    /// so many items per period, a concurrency limiter for so many at once. The report shows the time spent waiting for them.
    /// </summary>
    /// <value>The default value is null: no limit. The limiter is shared by every run of the pipeline, and not disposed by it.</value>
    public System.Threading.RateLimiting.RateLimiter? RateLimiter { get; set; }

    /// <summary>Stops taking items for a while when most recent attempts failed, instead of failing every item in turn.</summary>
    /// <value>The default value is null: no breaker.</value>
    public CircuitBreakerOptions? CircuitBreaker { get; set; }

    /// <summary>The partitioning that <see cref="OrderBy{TItem, TKey}"/> set: a hash of each item's key, or null.</summary>
    internal Delegate? PartitionHash { get; private set; }

    /// <summary>The item type <see cref="PartitionHash"/> takes.</summary>
    internal Type? PartitionItemType { get; private set; }

    /// <summary>
    /// Handles the items of one key one at a time, in the order they were taken, and items of different keys in parallel: each
    /// key belongs to one worker (by its hash), so a slow item holds back the other keys of its worker, never the rest.
    /// </summary>
    /// <typeparam name="TItem">The stage's input type.</typeparam>
    /// <typeparam name="TKey">The key's type.</typeparam>
    /// <param name="key">The item's key, for example the book it changes.</param>
    /// <param name="comparer">Compares keys; null for the default.</param>
    /// <returns>These options.</returns>
    public StageOptions OrderBy<TItem, TKey>(Func<TItem, TKey> key, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        comparer ??= EqualityComparer<TKey>.Default;
        PartitionHash = new Func<TItem, int>(item => key(item) is { } k ? comparer.GetHashCode(k) : 0);
        PartitionItemType = typeof(TItem);
        return this;
    }

    /// <summary>The shortest time limit a stage takes: below it a timer cannot tell a slow item from a busy machine.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest time limit a stage takes (one day).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    internal void Validate(string stage)
    {
        if (Workers < 1)
        {
            throw new ArgumentException($"Stage '{stage}': Workers must be at least 1.");
        }

        if (Capacity < 1)
        {
            throw new ArgumentException($"Stage '{stage}': Capacity must be at least 1.");
        }

        if (Timeout is { } timeout && (timeout < MinTimeout || timeout > MaxTimeout))
        {
            throw new ArgumentException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"Stage '{stage}': Timeout must be between {MinTimeout.TotalMilliseconds:0} ms and {MaxTimeout.TotalHours:0} hours; it is {timeout}."));
        }

        Retry?.Validate(stage);
        CircuitBreaker?.Validate(stage);
        if (OrderWindow != 0 && OrderWindow < Workers)
        {
            throw new ArgumentException($"Stage '{stage}': OrderWindow must be 0 (the stage's capacity) or at least Workers ({Workers}); it is {OrderWindow}.");
        }

        if (Ordered && PartitionHash is not null)
        {
            throw new ArgumentException($"Stage '{stage}': Ordered and OrderBy cannot be used together: Ordered keeps the order of all items, OrderBy the order within each key.");
        }
    }

    /// <summary>The order window in force: <see cref="OrderWindow"/>, or the stage's capacity (a small window keeps the dispatcher waiting: 4 items for 2 workers ran at half the speed of 100).</summary>
    internal int EffectiveOrderWindow => OrderWindow > 0 ? OrderWindow : Math.Max(Capacity, Workers);
}
