namespace Bookline.Library.Formats;

/// <summary>
/// Bytes that readers on many threads share: a reader takes its file's size (at most the whole
/// budget) before it reads and gives it back after, waiting while others hold too much. A file
/// larger than the budget is read alone; a waiting reader can be cancelled.
/// </summary>
internal sealed class ByteBudget(long capacity)
{
    private readonly object _lock = new(); // a monitor: its Wait and PulseAll are the queue of waiting readers
    private long _used;

    /// <summary>Takes <paramref name="bytes"/> of the budget (at most all of it), waiting until they are free.</summary>
    /// <returns>What gives them back when disposed.</returns>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public Lease Take(long bytes, CancellationToken cancellationToken)
    {
        long units = Math.Clamp(bytes, 1, capacity);
        using CancellationTokenRegistration wake = cancellationToken.Register(Wake);
        lock (_lock)
        {
            // Nothing held means nothing to wait for, whatever the size: a large file is read alone, not never.
            while (_used > 0 && _used + units > capacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_lock);
            }

            _used += units;
        }

        return new Lease(this, units);
    }

    private void Give(long units)
    {
        lock (_lock)
        {
            _used -= units;
            Monitor.PulseAll(_lock);
        }
    }

    private void Wake()
    {
        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>A part of the budget, given back once.</summary>
    internal sealed class Lease(ByteBudget budget, long units) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
            {
                budget.Give(units);
            }
        }
    }
}
