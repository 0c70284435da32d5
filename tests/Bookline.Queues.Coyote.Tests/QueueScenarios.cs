using Microsoft.Coyote.Specifications;

namespace Bookline.Queues.Coyote.Tests;

/// <summary>
/// Small races of 2-4 tasks, each ending in assertions about what must hold in every interleaving.
/// The systematic-testing engine explores their schedules; a hang is reported as a deadlock.
/// Awaits stay inside async lambdas, and Task.WhenAll gets arrays: the engine models those forms.
/// </summary>
internal static class QueueScenarios
{
    /// <summary>A getter that finds the queue empty must be woken by the next put.</summary>
    public static async Task LostWakeup()
    {
        var queue = new AsyncQueue<int>();
        Task<int> getter = Task.Run(async () => await queue.GetAsync());
        Task putter = Task.Run(() => queue.TryPut(1));
        await Task.WhenAll(new Task[] { getter, putter });
        Specification.Assert(getter.Result == 1, "the getter got {0}", getter.Result);
    }

    /// <summary>A get cancelled while a put hands it the item: the item ends up in exactly one place.</summary>
    public static async Task GetterCancellationRacesHandOff()
    {
        var queue = new AsyncQueue<int>();
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
        Task putter = Task.Run(() => queue.TryPut(7));
        Task canceller = Task.Run(() => cts.Cancel());
        await Task.WhenAll(new Task[] { getter, putter, canceller });

        int inQueue = queue.Count;
        int delivered = (getter.Result ? 1 : 0) + inQueue;
        Specification.Assert(delivered == 1, "item delivered {0} times (getter got it: {1}, left in queue: {2})", delivered, getter.Result, inQueue);
        Specification.Assert(queue.WaitingGetters == 0, "a cancelled getter is still waiting");
    }

    /// <summary>Two getters, the first cancelled as the item arrives: the second must not be stranded.</summary>
    public static async Task CancelledGetterPassesTheItemOn()
    {
        var queue = new AsyncQueue<int>();
        using var cts = new CancellationTokenSource();
        Task<int> first = Task.Run(async () =>
        {
            try
            {
                return await queue.GetAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
        });
        Task<int> second = Task.Run(async () => await queue.GetAsync());
        Task putter = Task.Run(() => { queue.TryPut(1); queue.TryPut(2); });
        Task canceller = Task.Run(() => cts.Cancel());
        await Task.WhenAll(new Task[] { first, putter, canceller });
        if (first.Result == -1)
        {
            queue.TryGet(out _); // one of the two items is left for nobody else; take it
        }

        await second;
        Specification.Assert(first.Result != second.Result, "both getters got item {0}", second.Result);
        Specification.Assert(queue.Count == 0, "{0} items left over", queue.Count);
    }

    /// <summary>A put cancelled while a get frees its slot: the item is inserted exactly when the put succeeds.</summary>
    public static async Task PutterCancellationRacesAdmission()
    {
        var queue = new AsyncQueue<int>(1);
        queue.TryPut(1);
        using var cts = new CancellationTokenSource();
        Task<bool> putter = Task.Run(async () =>
        {
            try
            {
                await queue.PutAsync(2, cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        });
        Task<int> getter = Task.Run(async () => await queue.GetAsync());
        Task canceller = Task.Run(() => cts.Cancel());
        await Task.WhenAll(new Task[] { putter, getter, canceller });

        int present = (getter.Result == 2 ? 1 : 0) + queue.ToArray().Count(x => x == 2);
        Specification.Assert(present == (putter.Result ? 1 : 0), "put completed={0} but item 2 present {1} times", putter.Result, present);
        Specification.Assert(queue.UnfinishedTasks == (putter.Result ? 2 : 1), "unfinished tasks {0} after put completed={1}", queue.UnfinishedTasks, putter.Result);
    }

    /// <summary>
    /// A coalescing queue of one slot, two producers putting to the same two keys, one consumer: every put is delivered
    /// once, merged or not (a lost one leaves the consumer waiting: a deadlock).
    /// </summary>
    public static async Task CoalescingPutsRaceGets()
    {
        var queue = new AsyncCoalescingQueue<int, (int Key, int Puts)>(i => i.Key, (waiting, put) => (waiting.Key, waiting.Puts + put.Puts), maxSize: 1);
        Task first = Task.Run(async () =>
        {
            await queue.PutAsync((1, 1));
            await queue.PutAsync((2, 1));
        });
        Task second = Task.Run(async () =>
        {
            await queue.PutAsync((1, 1));
            await queue.PutAsync((2, 1));
        });
        Task<int> consumer = Task.Run(async () =>
        {
            int delivered = 0;
            while (delivered < 4)
            {
                delivered += (await queue.GetAsync()).Puts;
                queue.TaskDone();
            }

            return delivered;
        });
        await Task.WhenAll(new Task[] { first, second, consumer });
        Specification.Assert(consumer.Result == 4, "{0} puts delivered of 4", consumer.Result);
        Specification.Assert(queue.IsEmpty && queue.UnfinishedTasks == 0, "left {0} items, {1} unfinished", queue.Count, queue.UnfinishedTasks);
    }

    /// <summary>A coalescing put waiting for a slot is cancelled as a get lets it in and its key's twin merges: all or nothing for each put.</summary>
    public static async Task CoalescingPutterCancellationRacesAdmission()
    {
        var queue = new AsyncCoalescingQueue<int, (int Key, int Puts)>(i => i.Key, (waiting, put) => (waiting.Key, waiting.Puts + put.Puts), maxSize: 1);
        queue.TryPut((1, 1));
        using var cts = new CancellationTokenSource();
        Task<bool> cancellable = Task.Run(async () =>
        {
            try
            {
                await queue.PutAsync((2, 1), cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        });
        Task plain = Task.Run(async () => await queue.PutAsync((2, 1)));
        Task<(int Key, int Puts)> getter = Task.Run(async () => await queue.GetAsync());
        Task canceller = Task.Run(() => cts.Cancel());
        await Task.WhenAll(new Task[] { cancellable, plain, getter, canceller });

        int puts = getter.Result.Puts + queue.ToArray().Sum(i => i.Puts);
        int expected = 2 + (cancellable.Result ? 1 : 0);
        Specification.Assert(puts == expected, "{0} puts present, {1} expected (cancellable put completed: {2})", puts, expected, cancellable.Result);
        Specification.Assert(queue.WaitingPutters == 0, "a putter still waits with a free slot or a key to merge into");
    }

    /// <summary>Shutdown racing a waiting get and a put: the item is either delivered or still queued, and nobody hangs.</summary>
    public static async Task ShutdownRacesGet()
    {
        var queue = new AsyncQueue<int>();
        Task<int> getter = Task.Run(async () =>
        {
            try
            {
                return await queue.GetAsync();
            }
            catch (QueueShutDownException)
            {
                return -1;
            }
        });
        Task<bool> putter = Task.Run(() =>
        {
            try
            {
                return queue.TryPut(5);
            }
            catch (QueueShutDownException)
            {
                return false;
            }
        });
        Task stopper = Task.Run(() => queue.Shutdown());
        await Task.WhenAll(new Task[] { getter, putter, stopper });

        int delivered = (getter.Result == 5 ? 1 : 0) + queue.Count;
        Specification.Assert(delivered == (putter.Result ? 1 : 0), "put accepted={0}, item seen {1} times", putter.Result, delivered);
        Specification.Assert(queue.WaitingGetters == 0 && queue.WaitingPutters == 0, "someone still waits after shutdown");
    }

    /// <summary>Immediate shutdown racing a full queue's putter and a getter: every accepted item is delivered or counted as done.</summary>
    public static async Task ImmediateShutdownRacesPutterAndGetter()
    {
        var queue = new AsyncQueue<int>(1);
        queue.TryPut(1);
        Task<bool> putter = Task.Run(async () =>
        {
            try
            {
                await queue.PutAsync(2);
                return true;
            }
            catch (QueueShutDownException)
            {
                return false;
            }
        });
        Task<int> getter = Task.Run(async () =>
        {
            try
            {
                int item = await queue.GetAsync();
                queue.TaskDone();
                return item;
            }
            catch (QueueShutDownException)
            {
                return -1;
            }
        });
        Task stopper = Task.Run(() => queue.Shutdown(immediate: true));
        await Task.WhenAll(new Task[] { putter, getter, stopper });
        await queue.JoinAsync();
        Specification.Assert(queue.UnfinishedTasks == 0, "{0} unfinished after immediate shutdown", queue.UnfinishedTasks);
        Specification.Assert(queue.Count == 0, "items survived an immediate shutdown");
    }

    /// <summary>Join must not return before both workers have called TaskDone.</summary>
    public static async Task TaskDoneRacesJoin()
    {
        var queue = new AsyncQueue<int>();
        queue.TryPut(1);
        queue.TryPut(2);
        int done = 0;
        Task Worker() => Task.Run(async () =>
        {
            await queue.GetAsync();
            Interlocked.Increment(ref done);
            queue.TaskDone();
        });
        Task[] workers = [Worker(), Worker()];
        Task joiner = Task.Run(async () =>
        {
            await queue.JoinAsync();
            Specification.Assert(Volatile.Read(ref done) == 2, "join returned after {0} of 2 items were done", Volatile.Read(ref done));
        });
        await Task.WhenAll(new Task[] { workers[0], workers[1], joiner });
    }

    /// <summary>2 producers × 3 items, 2 consumers, capacity 1: exactly once, per-producer order, clean finish.</summary>
    public static async Task ProducersAndConsumers()
    {
        var queue = new AsyncQueue<int>(1);
        var seen = new List<int>[] { [], [] };
        Task Producer(int p) => Task.Run(async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                await queue.PutAsync((p * 10) + i);
            }
        });
        Task Consumer(int c) => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    seen[c].Add(await queue.GetAsync());
                    queue.TaskDone();
                }
            }
            catch (QueueShutDownException)
            {
            }
        });
        Task[] producers = [Producer(0), Producer(1)];
        Task[] consumers = [Consumer(0), Consumer(1)];
        await Task.WhenAll(producers);
        await queue.JoinAsync();
        queue.Shutdown();
        await Task.WhenAll(consumers);

        var all = seen[0].Concat(seen[1]).Order().ToList();
        Specification.Assert(all.SequenceEqual(new[] { 0, 1, 2, 10, 11, 12 }), "delivered {0}", string.Join(",", all));
        foreach (List<int> mine in seen)
        {
            foreach (var byProducer in mine.GroupBy(x => x / 10))
            {
                Specification.Assert(byProducer.SequenceEqual(byProducer.Order()), "producer {0}'s items out of order", byProducer.Key);
            }
        }
    }
}
