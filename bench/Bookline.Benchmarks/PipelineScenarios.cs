using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using Bookline.Pipelines;

namespace Bookline.Benchmarks;

/// <summary>
/// A 3-stage pipeline that does nothing per item (two pass-through stages and a summing sink),
/// written three ways with the same stages, workers per stage and queue capacities.
/// </summary>
public static class PipelineScenarios
{
    public static async Task<long> BooklineAsync(int items, int workers, int capacity)
    {
        long sum = 0;
        var stage = new StageOptions { Workers = workers, Capacity = capacity };
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("a", static (x, _) => ValueTask.FromResult(x), stage)
            .Transform("b", static (x, _) => ValueTask.FromResult(x), stage)
            .Sink("c", (x, _) => { Interlocked.Add(ref sum, x); return ValueTask.CompletedTask; }, stage);
        await pipeline.RunAsync(
        [
            async (run, ct) =>
            {
                for (int i = 0; i < items; i++)
                {
                    await run.WriteAsync(i, ct);
                }
            },
        ]);
        return Check(sum, items);
    }

    public static async Task<long> DataflowAsync(int items, int workers, int capacity)
    {
        long sum = 0;
        var options = new ExecutionDataflowBlockOptions { BoundedCapacity = capacity, MaxDegreeOfParallelism = workers };
        var a = new TransformBlock<int, int>(static x => x, options);
        var b = new TransformBlock<int, int>(static x => x, options);
        var c = new ActionBlock<int>(x => Interlocked.Add(ref sum, x), options);
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        a.LinkTo(b, link);
        b.LinkTo(c, link);
        for (int i = 0; i < items; i++)
        {
            await a.SendAsync(i);
        }

        a.Complete();
        await c.Completion;
        return Check(sum, items);
    }

    /// <summary>What a .NET developer writes without a library: bounded channels and worker loops.</summary>
    public static async Task<long> ChannelsAsync(int items, int workers, int capacity)
    {
        long sum = 0;
        Channel<int> ab = Channel.CreateBounded<int>(capacity);
        Channel<int> bc = Channel.CreateBounded<int>(capacity);
        Channel<int> input = Channel.CreateBounded<int>(capacity);

        Task Stage(ChannelReader<int> from, ChannelWriter<int>? to) => Task.Run(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                // The documented consumer loop: wait once, then take everything there is.
                while (await from.WaitToReadAsync())
                {
                    while (from.TryRead(out int x))
                    {
                        if (to is null)
                        {
                            Interlocked.Add(ref sum, x);
                        }
                        else
                        {
                            await to.WriteAsync(x);
                        }
                    }
                }
            })));
            to?.Complete();
        });

        Task[] stages = [Stage(input.Reader, ab.Writer), Stage(ab.Reader, bc.Writer), Stage(bc.Reader, null)];
        for (int i = 0; i < items; i++)
        {
            await input.Writer.WriteAsync(i);
        }

        input.Writer.Complete();
        await Task.WhenAll(stages);
        return Check(sum, items);
    }

    /// <summary>An ordered stage with several workers, then a sink that checks the order.</summary>
    public static async Task<long> BooklineOrderedAsync(int items, int workers, int capacity)
    {
        long next = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Transform("a", static (x, _) => ValueTask.FromResult(x), new StageOptions { Workers = workers, Capacity = capacity, Ordered = true })
            .Sink("c", (x, _) => { InOrder(ref next, x); return ValueTask.CompletedTask; }, new StageOptions { Capacity = capacity });
        await pipeline.RunAsync([WriteAll(items)]);
        return CheckCount(next, items);
    }

    /// <summary>Dataflow's TransformBlock keeps the input order by default (EnsureOrdered).</summary>
    public static async Task<long> DataflowOrderedAsync(int items, int workers, int capacity)
    {
        long next = 0;
        var a = new TransformBlock<int, int>(static x => x, new ExecutionDataflowBlockOptions { BoundedCapacity = capacity, MaxDegreeOfParallelism = workers, EnsureOrdered = true });
        var c = new ActionBlock<int>(x => InOrder(ref next, x), new ExecutionDataflowBlockOptions { BoundedCapacity = capacity });
        a.LinkTo(c, new DataflowLinkOptions { PropagateCompletion = true });
        for (int i = 0; i < items; i++)
        {
            await a.SendAsync(i);
        }

        a.Complete();
        await c.Completion;
        return CheckCount(next, items);
    }

    /// <summary>
    /// A batch sink: batches of <paramref name="size"/> (items keep coming, so the delay seldom matters), summed. Like a
    /// BatchBlock linked to an ActionBlock, the items are grouped as they are put and one worker handles the batches.
    /// </summary>
    public static async Task<long> BooklineBatchAsync(int items, int size, int capacity)
    {
        long sum = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .SinkBatch("c", (batch, _) => { sum += Sum(batch); return ValueTask.CompletedTask; }, new BatchOptions { Size = size, MaxDelay = TimeSpan.FromSeconds(1) }, new StageOptions { Capacity = capacity });
        await pipeline.RunAsync([WriteAll(items)]);
        return Check(sum, items);
    }

    /// <summary>
    /// The items the Dataflow pair can hold: its BatchBlock's bound, and its ActionBlock's bound in batches. A Bookline batch
    /// stage's capacity counts items, so this is the capacity that buffers as much.
    /// </summary>
    public static int DataflowBatchBuffer(int size, int capacity) => Math.Max(size, capacity) + (capacity * size);

    /// <summary>Dataflow's BatchBlock, its output linked to a summing block.</summary>
    public static async Task<long> DataflowBatchAsync(int items, int size, int capacity)
    {
        long sum = 0;
        var a = new BatchBlock<int>(size, new GroupingDataflowBlockOptions { BoundedCapacity = Math.Max(size, capacity) });
        var c = new ActionBlock<int[]>(batch => sum += Sum(batch), new ExecutionDataflowBlockOptions { BoundedCapacity = capacity });
        a.LinkTo(c, new DataflowLinkOptions { PropagateCompletion = true });
        for (int i = 0; i < items; i++)
        {
            await a.SendAsync(i);
        }

        a.Complete();
        await c.Completion;
        return Check(sum, items);
    }

    /// <summary>A stage ordered by key (64 keys) with several workers.</summary>
    public static async Task<long> BooklineKeyedAsync(int items, int workers, int capacity)
    {
        long sum = 0;
        Pipeline<int> pipeline = Pipeline.Create<int>()
            .Sink("c", (x, _) => { Interlocked.Add(ref sum, x); return ValueTask.CompletedTask; }, new StageOptions { Workers = workers, Capacity = capacity }.OrderBy<int, int>(static x => x & 63));
        await pipeline.RunAsync([WriteAll(items)]);
        return Check(sum, items);
    }

    /// <summary>What a .NET developer writes for per-key order: a dispatcher into one bounded channel per worker, by the key's hash.</summary>
    public static async Task<long> ChannelsPartitionedAsync(int items, int workers, int capacity)
    {
        long sum = 0;
        Channel<int> input = Channel.CreateBounded<int>(capacity);
        Channel<int>[] partitions = [.. Enumerable.Range(0, workers).Select(_ => Channel.CreateBounded<int>(Math.Max(1, capacity / workers)))];
        Task dispatcher = Task.Run(async () =>
        {
            while (await input.Reader.WaitToReadAsync())
            {
                while (input.Reader.TryRead(out int x))
                {
                    await partitions[(uint)(x & 63).GetHashCode() % (uint)workers].Writer.WriteAsync(x);
                }
            }

            foreach (Channel<int> partition in partitions)
            {
                partition.Writer.Complete();
            }
        });
        Task[] consumers = [.. partitions.Select(p => Task.Run(async () =>
        {
            while (await p.Reader.WaitToReadAsync())
            {
                while (p.Reader.TryRead(out int x))
                {
                    Interlocked.Add(ref sum, x);
                }
            }
        }))];
        for (int i = 0; i < items; i++)
        {
            await input.Writer.WriteAsync(i);
        }

        input.Writer.Complete();
        await dispatcher;
        await Task.WhenAll(consumers);
        return Check(sum, items);
    }

    private static Func<PipelineRun<int>, CancellationToken, Task> WriteAll(int items) => async (run, ct) =>
    {
        for (int i = 0; i < items; i++)
        {
            await run.WriteAsync(i, ct);
        }
    };

    private static void InOrder(ref long next, int x)
    {
        if (x != next)
        {
            throw new InvalidOperationException($"Out of order: {x} after {next - 1}.");
        }

        next++;
    }

    private static long Sum(IReadOnlyList<int> batch)
    {
        long total = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            total += batch[i];
        }

        return total;
    }

    private static long CheckCount(long seen, int items) =>
        seen == items ? seen : throw new InvalidOperationException($"{seen} of {items} items came out.");

    private static long Check(long sum, int items) =>
        sum == (long)items * (items - 1) / 2 ? sum : throw new InvalidOperationException($"Checksum mismatch: {sum}.");
}
