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
                await foreach (int x in from.ReadAllAsync())
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

    private static long Check(long sum, int items) =>
        sum == (long)items * (items - 1) / 2 ? sum : throw new InvalidOperationException($"Checksum mismatch: {sum}.");
}
