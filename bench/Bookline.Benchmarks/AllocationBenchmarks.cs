using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Bookline.Queues;

namespace Bookline.Benchmarks;

/// <summary>
/// Bytes allocated by one put and one get that do not wait, per queue kind. The target is zero:
/// the non-waiting paths return completed value tasks and touch only preallocated buffers.
/// </summary>
[MemoryDiagnoser]
[HideColumns("Error", "StdDev")]
public class AllocationBenchmarks
{
    private readonly AsyncQueue<int> _fifo = new(100);
    private readonly AsyncQueue<int> _lifo = new AsyncLifoQueue<int>(100);
    private readonly AsyncQueue<int> _priority = new AsyncPriorityQueue<int>(100);
    private readonly Channel<int> _channel = Channel.CreateBounded<int>(100);

    [Benchmark(Baseline = true, Description = "Channel TryWrite+TryRead")]
    public int ChannelTry()
    {
        _channel.Writer.TryWrite(1);
        _channel.Reader.TryRead(out int item);
        return item;
    }

    [Benchmark(Description = "AsyncQueue TryPut+TryGet")]
    public int FifoTry() => Try(_fifo);

    [Benchmark(Description = "AsyncQueue PutAsync+GetAsync (no wait)")]
    public int FifoAsync() => Async(_fifo);

    [Benchmark(Description = "AsyncLifoQueue PutAsync+GetAsync (no wait)")]
    public int LifoAsync() => Async(_lifo);

    [Benchmark(Description = "AsyncPriorityQueue PutAsync+GetAsync (no wait)")]
    public int PriorityAsync() => Async(_priority);

    [Benchmark(Description = "AsyncQueue Put/Get/TaskDone/JoinAsync (no wait)")]
    public int FifoTaskDoneJoin()
    {
        int item = Async(_fifo);
        _fifo.TaskDone();
        return _fifo.JoinAsync().IsCompleted ? item : -1;
    }

    private static int Try(AsyncQueue<int> queue)
    {
        queue.TryPut(1);
        queue.TryGet(out int item);
        return item;
    }

    private static int Async(AsyncQueue<int> queue)
    {
        ValueTask put = queue.PutAsync(1);
        if (!put.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The put waited.");
        }

        ValueTask<int> get = queue.GetAsync();
        return get.IsCompletedSuccessfully ? get.Result : throw new InvalidOperationException("The get waited.");
    }
}
