using System.Collections.Concurrent;
using Bookline.Pipelines;

namespace Bookline.Transports.RabbitMq.Tests;

public sealed class PipelineOverRabbitMqTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [BrokerFact]
    public async Task AThreeStagePipelineOverTheBrokerCarriesEveryItemOnceAndDeadLettersTheFailures()
    {
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix());
        var cataloged = new ConcurrentBag<string>();
        var deadLetters = new ConcurrentBag<DeadLetter>();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions
            {
                QueueFactory = factory,
                DeadLetterSink = (letter, _) => { deadLetters.Add(letter); return ValueTask.CompletedTask; },
            })
            .Transform("scan", (i, _) => i % 50 == 7 ? throw new InvalidDataException($"book {i} is torn") : ValueTask.FromResult(new Book($"{i}.txt", i)), new StageOptions { Workers = 2, Capacity = 16 })
            .Transform("index", (b, _) => ValueTask.FromResult(b with { Pages = b.Pages * 2 }), new StageOptions { Workers = 2, Capacity = 16 })
            .Sink("catalog", (b, _) => { cataloged.Add($"{b.Path}:{b.Pages}"); return ValueTask.CompletedTask; }, new StageOptions { Workers = 1, Capacity = 16 });

        PipelineReport report = await pipeline.RunAsync([Write(0, 300)]).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Completed, report.Outcome);
        int[] good = [.. Enumerable.Range(0, 300).Where(i => i % 50 != 7)];
        Assert.Equal(good.Select(i => $"{i}.txt:{i * 2}").Order(), cataloged.Order());
        Assert.Equal(6, report["scan"].DeadLettered);
        Assert.Equal(6, deadLetters.Count);
        foreach (string stage in pipeline.StageNames)
        {
            RabbitMqQueueStatus status = await factory.GetStatusAsync(stage);
            Assert.Equal(0, status.Ready);
            Assert.Equal(stage == "scan" ? 6 : 0, status.DeadLetters);
        }
    }

    [BrokerFact]
    public async Task ACoordinatorAndTwoWorkerProcessesShareTheStagesAndEveryBookIsCatalogedOnce()
    {
        string prefix = Broker.UniquePrefix();
        const int Books = 400;
        var cataloged = new ConcurrentDictionary<string, int>();
        var allThere = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Pipeline<int> Build(RabbitMqWorkQueueFactory factory, params string[] remote) => Pipeline.Create<int>(new PipelineOptions { QueueFactory = factory, RemoteStages = remote })
            .Transform("scan", (i, _) => ValueTask.FromResult(new Book($"{i}.txt", i)), new StageOptions { Workers = 2, Capacity = 32 })
            .Sink("catalog", (b, _) =>
            {
                if (cataloged.AddOrUpdate(b.Path, 1, (_, n) => n + 1) == 1 && cataloged.Count == Books)
                {
                    allThere.TrySetResult();
                }

                return ValueTask.CompletedTask;
            }, new StageOptions { Workers = 2, Capacity = 32 });

        await using RabbitMqWorkQueueFactory coordinatorBroker = await Broker.ConnectAsync(prefix);
        await using RabbitMqWorkQueueFactory firstWorkerBroker = await Broker.ConnectAsync(prefix);
        await using RabbitMqWorkQueueFactory secondWorkerBroker = await Broker.ConnectAsync(prefix);
        await using PipelineRun<int> first = Build(firstWorkerBroker, "scan").Start();
        await using PipelineRun<int> second = Build(secondWorkerBroker).Start(); // scans and catalogs

        PipelineReport coordinator = await Build(coordinatorBroker, "catalog").RunAsync([Write(0, Books)]).WaitAsync(Bound);
        await allThere.Task.WaitAsync(Bound);
        PipelineReport firstReport = await first.StopAsync().WaitAsync(Bound);
        PipelineReport secondReport = await second.StopAsync().WaitAsync(Bound);

        Assert.Equal(Books, coordinator.Accepted);
        Assert.Equal(Books, cataloged.Count);
        Assert.All(cataloged, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(Books, coordinator["scan"].Succeeded + secondReport["scan"].Succeeded);
        Assert.Equal(Books, firstReport["catalog"].Succeeded + secondReport["catalog"].Succeeded);
        Assert.Equal(0, (await coordinatorBroker.GetStatusAsync("scan")).Ready);
        Assert.Equal(0, (await coordinatorBroker.GetStatusAsync("catalog")).Ready);
    }

    [BrokerFact]
    public async Task OrderedKeyedAndBatchStagesWorkOverTheBroker()
    {
        // Prefetch at least the batch size: a batch waits for deliveries the broker holds back otherwise.
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix(), o => o.Prefetch = 32);
        var batches = new ConcurrentQueue<Book[]>();
        var perKey = new ConcurrentDictionary<int, ConcurrentQueue<int>>();
        Pipeline<int> pipeline = Pipeline.Create<int>(new PipelineOptions { QueueFactory = factory })
            .Transform("scan", async (i, ct) =>
            {
                await Task.Delay(Random.Shared.Next(0, 3), ct); // any durations: the order must hold whatever they are
                return new Book($"{i}.txt", i);
            }, new StageOptions { Workers = 3, Capacity = 16, Ordered = true })
            .Transform("apply", async (b, _) =>
            {
                perKey.GetOrAdd(b.Pages % 5, _ => new()).Enqueue(b.Pages);
                await Task.Yield();
                return b;
            }, new StageOptions { Workers = 3, Capacity = 16 }.OrderBy<Book, int>(b => b.Pages % 5))
            .SinkBatch("catalog", (books, _) => { batches.Enqueue([.. books]); return ValueTask.CompletedTask; }, new BatchOptions { Size = 10, MaxDelay = TimeSpan.FromMilliseconds(200) }, new StageOptions { Capacity = 32 });

        PipelineReport report = await pipeline.RunAsync([Write(0, 200)]).WaitAsync(Bound);

        Assert.Equal(PipelineOutcome.Completed, report.Outcome);
        Assert.Equal(Enumerable.Range(0, 200), batches.SelectMany(b => b).Select(b => b.Pages).Order());
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 10));
        foreach (var (key, order) in perKey)
        {
            Assert.Equal(Enumerable.Range(0, 200).Where(i => i % 5 == key), order); // the ordered stage kept the order, the keyed one each key's
        }

        Assert.Equal(200, report["catalog"].Succeeded);
        Assert.All(report.Stages, s => Assert.Equal(s.Received, s.Succeeded));
    }

    private static Func<PipelineRun<int>, CancellationToken, Task> Write(int from, int count) => async (run, token) =>
    {
        for (int i = from; i < from + count; i++)
        {
            await run.WriteAsync(i, token);
        }
    };
}
