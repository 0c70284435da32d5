using Bookline.Pipelines.Transport;
using Bookline.Tests.Shared;

namespace Bookline.Transports.RabbitMq.Tests;

/// <summary>
/// The broker stopped and started again (rabbitmqctl stop_app / start_app): every connection drops,
/// the workers' unacknowledged deliveries go back to their queues, and the clients reconnect. Nothing
/// may be lost or dead-lettered by it, and a worker that was setting up meanwhile must come up once
/// the broker is back. These stop the shared broker, so they run in the collection that runs alone.
/// </summary>
[Collection(nameof(BrokerAlarmTests))]
public sealed class BrokerRestartTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [BrokerFact]
    public async Task DeliveriesThatComeBackOnARestartAreNotDroppedByTheQueuesBound()
    {
        // Five held by a worker and five ready, in a queue bounded at five: the restart puts all ten
        // back as ready. A broker-side x-max-length would drop five of them to the dead letters.
        const int Bound5 = 5;
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory producer = await Broker.ConnectAsync(prefix);
        await using RabbitMqWorkQueueFactory worker = await Broker.ConnectAsync(prefix, o => o.Prefetch = Bound5);
        IWorkQueue<Book> into = producer.Create<Book>("scan", Bound5, null);
        IWorkQueue<Book> from = worker.Create<Book>("scan", Bound5, null);
        for (int i = 0; i < Bound5; i++)
        {
            await into.EnqueueAsync(new Book($"held{i}.txt", i)).AsTask().WaitAsync(Bound);
        }

        var held = new List<Delivery<Book>>();
        for (int i = 0; i < Bound5; i++)
        {
            held.Add(await from.TakeAsync());
        }

        for (int i = 0; i < Bound5; i++)
        {
            await into.EnqueueAsync(new Book($"ready{i}.txt", i)).AsTask().WaitAsync(Bound);
        }

        TestServers.StopBroker();
        TestServers.StartBroker();

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < 2 * Bound5)
        {
            Delivery<Book> next = await from.TakeAsync();
            seen.Add(next.Item.Path);
            from.Acknowledge(next);
        }

        RabbitMqQueueStatus status = await producer.GetStatusAsync("scan");
        Assert.Equal(0, status.DeadLetters);
        Assert.Equal(2 * Bound5, seen.Count);
    }

    [BrokerFact]
    public async Task PublishesInFlightWhenTheBrokerIsKilledAreSentAgainAndNoneIsLost()
    {
        // kill -9 of the broker's node: the confirms of publishes in flight never come. Each such
        // publish must be sent again once the broker is back, not fail when its time limit runs out.
        const int Items = 3000;
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory producer = await Broker.ConnectAsync(prefix);
        IWorkQueue<Book> into = producer.Create<Book>("index", Items * 2, null);
        var publishing = new List<Task>();
        Task killed = Task.CompletedTask;
        try
        {
            for (int i = 0; i < Items; i++)
            {
                publishing.Add(into.EnqueueAsync(new Book($"{i}.txt", i)).AsTask());
                if (i == Items / 10)
                {
                    killed = Task.Run(TestServers.KillBroker);
                }

                // One snapshot: a publish that completes between a count and a second look would leave nothing to wait for.
                Task[] pending = [.. publishing.Where(p => !p.IsCompleted)];
                if (pending.Length >= 64)
                {
                    await Task.WhenAny(pending).WaitAsync(Bound);
                }
            }
        }
        finally
        {
            await killed.WaitAsync(Bound); // the broker is back before anything else runs, whatever happened above
        }

        await Task.WhenAll(publishing).WaitAsync(Bound);

        await using RabbitMqWorkQueueFactory worker = await Broker.ConnectAsync(prefix, o => o.Prefetch = 100);
        IWorkQueue<Book> from = worker.Create<Book>("index", Items * 2, null);
        var seen = new HashSet<int>();
        while (seen.Count < Items)
        {
            // A node killed mid-write recovers its queues on start: give it longer than a live broker,
            // and say what the queue holds if the wait still ends, so that slow and lost differ.
            Delivery<Book> next;
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                try
                {
                    next = await from.DequeueAsync(bound.Token);
                }
                catch (OperationCanceledException)
                {
                    RabbitMqQueueStatus status = await worker.GetStatusAsync("index");
                    string missing = string.Join(", ", Enumerable.Range(0, Items).Where(i => !seen.Contains(i)).Take(20));
                    Assert.Fail(FormattableString.Invariant($"{seen.Count} of {Items} taken, then nothing for 60 s; the queue: {status}; missing {missing}…"));
                    throw;
                }
            }

            seen.Add(next.Item.Pages);
            from.Acknowledge(next);
        }

        Assert.Equal(Items, seen.Count);
    }

    [BrokerFact]
    public async Task AConsumerSetUpWhileTheBrokerIsDownStartsOnceItIsBack()
    {
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory worker = await Broker.ConnectAsync(prefix);
        IWorkQueue<Book> from = worker.Create<Book>("index", 10, null);
        TestServers.StopBroker();
        Task<Delivery<Book>> taking;
        try
        {
            // The first dequeue sets up the consumer: with the broker down it must wait, not throw.
            taking = from.DequeueAsync(new CancellationTokenSource(Bound).Token).AsTask();
            await Task.Delay(500); // it is retrying now: give it a few failed tries
            Assert.False(taking.IsFaulted, taking.Exception?.ToString());
        }
        finally
        {
            TestServers.StartBroker();
        }

        await using RabbitMqWorkQueueFactory producer = await Broker.ConnectAsync(prefix);
        await producer.Create<Book>("index", 10, null).EnqueueAsync(new Book("after.txt", 1)).AsTask().WaitAsync(Bound);

        Delivery<Book> delivery = await taking.WaitAsync(Bound);
        from.Acknowledge(delivery);
        Assert.Equal("after.txt", delivery.Item.Path);
    }

    [BrokerFact]
    public async Task APublisherWhoseFirstPublishFindsTheBrokerDownPublishesOnceItIsBack()
    {
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory producer = await Broker.ConnectAsync(prefix);
        IWorkQueue<Book> into = producer.Create<Book>("catalog", 10, null);
        TestServers.StopBroker();
        Task publishing;
        try
        {
            publishing = into.EnqueueAsync(new Book("during.txt", 1)).AsTask();
            await Task.Delay(500);
            Assert.False(publishing.IsCompleted, "a publish was confirmed by a broker that is down");
        }
        finally
        {
            TestServers.StartBroker();
        }

        await publishing.WaitAsync(Bound);
        await using RabbitMqWorkQueueFactory worker = await Broker.ConnectAsync(prefix);
        IWorkQueue<Book> from = worker.Create<Book>("catalog", 10, null);
        Delivery<Book> delivery = await from.TakeAsync();
        from.Acknowledge(delivery);
        Assert.Equal("during.txt", delivery.Item.Path);
    }
}
