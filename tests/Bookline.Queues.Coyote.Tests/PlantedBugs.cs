using Microsoft.Coyote.Specifications;

namespace Bookline.Queues.Coyote.Tests;

/// <summary>
/// Deliberately broken queues, one per bug class the real queue guards against. The engine must
/// find each, which shows the scenarios reach the states they mean to test.
/// </summary>
internal static class PlantedBugs
{
    /// <summary>Checks for an item under the lock, releases it, then registers as a waiter: a put in between is missed.</summary>
    public static async Task LostWakeup()
    {
        var queue = new LostWakeupQueue();
        Task<int> getter = Task.Run(async () => await queue.GetAsync());
        Task putter = Task.Run(() => queue.Put(1));
        await Task.WhenAll(new Task[] { getter, putter });
    }

    /// <summary>Hands the item to a waiting getter without checking that the getter was not cancelled.</summary>
    public static async Task LossyCancellation()
    {
        var queue = new LossyCancellationQueue();
        using var cts = new CancellationTokenSource();
        Task<bool> getter = Task.Run(async () =>
        {
            try
            {
                await queue.GetAsync(cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        });
        Task putter = Task.Run(() => queue.Put(7));
        Task canceller = Task.Run(() => cts.Cancel());
        await Task.WhenAll(new Task[] { getter, putter, canceller });
        int delivered = (getter.Result ? 1 : 0) + queue.Count;
        Specification.Assert(delivered == 1, "item delivered {0} times", delivered);
    }

    private sealed class LostWakeupQueue
    {
        private readonly object _gate = new();
        private readonly Queue<int> _items = new();
        private readonly Queue<TaskCompletionSource<int>> _getters = new();

        public void Put(int item)
        {
            TaskCompletionSource<int>? getter = null;
            lock (_gate)
            {
                if (!_getters.TryDequeue(out getter))
                {
                    _items.Enqueue(item);
                }
            }

            getter?.SetResult(item);
        }

        public async Task<int> GetAsync()
        {
            lock (_gate)
            {
                if (_items.TryDequeue(out int item))
                {
                    return item;
                }
            }

            var waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _getters.Enqueue(waiter); // BUG: the buffer may have been filled since the check above
            }

            return await waiter.Task;
        }
    }

    private sealed class LossyCancellationQueue
    {
        private readonly object _gate = new();
        private readonly Queue<int> _items = new();
        private readonly Queue<TaskCompletionSource<int>> _getters = new();

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _items.Count;
                }
            }
        }

        public void Put(int item)
        {
            TaskCompletionSource<int>? getter;
            lock (_gate)
            {
                if (!_getters.TryDequeue(out getter))
                {
                    _items.Enqueue(item);
                    return;
                }
            }

            getter.TrySetResult(item); // BUG: false when the getter was cancelled first; the item is dropped
        }

        public async Task<int> GetAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource<int> waiter;
            lock (_gate)
            {
                if (_items.TryDequeue(out int item))
                {
                    return item;
                }

                waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                _getters.Enqueue(waiter);
            }

            using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
            {
                return await waiter.Task;
            }
        }
    }
}
