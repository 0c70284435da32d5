using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>
/// The throughput scenarios, each passing <c>n</c> ints through a queue and checking the sum so
/// that no implementation can skip work. Shared by the BenchmarkDotNet suite and the quick probe.
/// </summary>
public static class Scenarios
{
    public static async Task AsyncQueueSpsc(AsyncQueue<int> queue, int n)
    {
        Task producer = Task.Run(async () =>
        {
            for (int i = 0; i < n; i++)
            {
                await queue.PutAsync(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += await queue.GetAsync();
        }

        await producer;
        Check(sum, n);
    }

    public static async Task ChannelSpsc(Channel<int> channel, int n)
    {
        Task producer = Task.Run(async () =>
        {
            for (int i = 0; i < n; i++)
            {
                await channel.Writer.WriteAsync(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += await channel.Reader.ReadAsync();
        }

        await producer;
        Check(sum, n);
    }

    public static async Task BufferBlockSpsc(BufferBlock<int> block, int n)
    {
        Task producer = Task.Run(async () =>
        {
            for (int i = 0; i < n; i++)
            {
                await block.SendAsync(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += await block.ReceiveAsync();
        }

        await producer;
        Check(sum, n);
    }

    public static void BlockingCollectionSpsc(BlockingCollection<int> collection, int n)
    {
        var producer = new Thread(() =>
        {
            for (int i = 0; i < n; i++)
            {
                collection.Add(i);
            }
        });
        producer.Start();
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += collection.Take();
        }

        producer.Join();
        Check(sum, n);
    }

    public static async Task AsyncQueueMpmc(AsyncQueue<int> queue, int n, int producers, int consumers)
    {
        Task[] producing = Split(n, producers, (from, to) => Task.Run(async () =>
        {
            for (int i = from; i < to; i++)
            {
                await queue.PutAsync(i);
            }
        }));
        long sum = 0;
        Task[] consuming = Split(n, consumers, (from, to) => Task.Run(async () =>
        {
            long local = 0;
            for (int i = from; i < to; i++)
            {
                local += await queue.GetAsync();
            }

            Interlocked.Add(ref sum, local);
        }));
        await Task.WhenAll(producing);
        await Task.WhenAll(consuming);
        Check(sum, n);
    }

    public static async Task ChannelMpmc(Channel<int> channel, int n, int producers, int consumers)
    {
        Task[] producing = Split(n, producers, (from, to) => Task.Run(async () =>
        {
            for (int i = from; i < to; i++)
            {
                await channel.Writer.WriteAsync(i);
            }
        }));
        long sum = 0;
        Task[] consuming = Split(n, consumers, (from, to) => Task.Run(async () =>
        {
            long local = 0;
            for (int i = from; i < to; i++)
            {
                local += await channel.Reader.ReadAsync();
            }

            Interlocked.Add(ref sum, local);
        }));
        await Task.WhenAll(producing);
        await Task.WhenAll(consuming);
        Check(sum, n);
    }

    /// <summary>Random priorities, all written then all read on one thread; order checked.</summary>
    public static void AsyncPriorityQueueWriteAllReadAll(AsyncPriorityQueue<int> queue, int[] values)
    {
        foreach (int v in values)
        {
            queue.TryPut(v);
        }

        int previous = int.MinValue;
        for (int i = 0; i < values.Length; i++)
        {
            queue.TryGet(out int v);
            CheckOrder(ref previous, v);
        }
    }

    public static void PrioritizedChannelWriteAllReadAll(Channel<int> channel, int[] values)
    {
        foreach (int v in values)
        {
            channel.Writer.TryWrite(v);
        }

        int previous = int.MinValue;
        for (int i = 0; i < values.Length; i++)
        {
            channel.Reader.TryRead(out int v);
            CheckOrder(ref previous, v);
        }
    }

    public static int[] RandomValues(int n, int seed)
    {
        var random = new Random(seed);
        var values = new int[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = random.Next();
        }

        return values;
    }

    private static Task[] Split(int n, int parts, Func<int, int, Task> start)
    {
        var tasks = new Task[parts];
        for (int p = 0; p < parts; p++)
        {
            tasks[p] = start((int)((long)n * p / parts), (int)((long)n * (p + 1) / parts));
        }

        return tasks;
    }

    private static void Check(long sum, int n)
    {
        if (sum != (long)n * (n - 1) / 2)
        {
            throw new InvalidOperationException($"Checksum mismatch: {sum}.");
        }
    }

    private static void CheckOrder(ref int previous, int value)
    {
        if (value < previous)
        {
            throw new InvalidOperationException("Priority order broken.");
        }

        previous = value;
    }
}
