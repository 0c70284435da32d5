using System.Threading.RateLimiting;

namespace Bookline.Pipelines.Tests;

/// <summary>
/// A rate limiter whose permits the test hands out, as a token bucket's clock would: the library's own limiters replenish by
/// the real clock, which a test cannot advance.
/// </summary>
internal sealed class HandFedRateLimiter : RateLimiter
{
    private readonly SemaphoreSlim _permits;
    private int _waiting;

    public HandFedRateLimiter(int initial) => _permits = new SemaphoreSlim(initial);

    public int Waiting => Volatile.Read(ref _waiting);

    public override TimeSpan? IdleDuration => null;

    /// <summary>Hands out more permits.</summary>
    public void Give(int permits) => _permits.Release(permits);

    public override RateLimiterStatistics? GetStatistics() => new() { CurrentAvailablePermits = _permits.CurrentCount, CurrentQueuedCount = Waiting };

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new Lease(_permits.Wait(0));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _permits.WaitAsync(cancellationToken);
            return new Lease(true);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _permits.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
