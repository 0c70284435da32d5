using System.Diagnostics;
using Bookline.Queues;
using Bookline.Queues.Stores;

namespace Bookline.Benchmarks;

/// <summary>Isolates the priority store from the queue around it, for tuning.</summary>
public static class HeapProbe
{
    public static void Run(int n)
    {
        int[] values = Scenarios.RandomValues(n, 42);
        for (int round = 0; round < 5; round++)
        {
            var store = new StablePriorityStore<int>(0, null);
            var sw = Stopwatch.StartNew();
            foreach (int v in values) store.Add(v);
            for (int i = 0; i < n; i++) store.Take();
            double ours = sw.Elapsed.TotalMilliseconds;

            var pq = new PriorityQueue<int, int>();
            sw.Restart();
            foreach (int v in values) pq.Enqueue(v, v);
            for (int i = 0; i < n; i++) pq.Dequeue();
            double theirs = sw.Elapsed.TotalMilliseconds;

            var queue = new AsyncPriorityQueue<int>();
            sw.Restart();
            foreach (int v in values) queue.TryPut(v);
            for (int i = 0; i < n; i++) queue.TryGet(out _);
            double queued = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"store {ours:F0} ms, PriorityQueue<int,int> {theirs:F0} ms, AsyncPriorityQueue {queued:F0} ms");
        }
    }
}
