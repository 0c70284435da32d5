using Bookline.Pipelines.Transport;
using Bookline.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace Bookline.Transports.RabbitMq.Tests;

public sealed class RabbitMqWorkQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [BrokerFact]
    public async Task AnItemGoesThroughTheBrokerAndLeavesItWhenAcknowledged()
    {
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix());
        IWorkQueue<Book> queue = factory.Create<Book>("scan", 10, null);

        await queue.EnqueueAsync(new Book("moby-dick.txt", 3));
        Delivery<Book> delivery = await queue.TakeAsync();
        queue.Acknowledge(delivery);

        Assert.Equal(new Book("moby-dick.txt", 3), delivery.Item);
        Assert.False(delivery.Redelivered);
        await AssertEventuallyAsync(factory, "scan", ready: 0, dead: 0);
    }

    [BrokerFact]
    public async Task AFullQueueMakesThePublisherWaitUntilAWorkerTakesAnItem()
    {
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory producer = await Broker.ConnectAsync(prefix);
        await using RabbitMqWorkQueueFactory worker = await Broker.ConnectAsync(prefix, o => o.Prefetch = 1);
        IWorkQueue<Book> into = producer.Create<Book>("scan", 3, null);
        for (int i = 0; i < 3; i++)
        {
            await into.EnqueueAsync(new Book($"{i}.txt", i)).AsTask().WaitAsync(Bound);
        }

        Task fourth = into.EnqueueAsync(new Book("3.txt", 3)).AsTask();
        await AssertEventuallyAsync(producer, "scan", ready: 3, dead: 0);
        Assert.False(fourth.IsCompleted, "a fourth item was accepted by a queue of three");

        IWorkQueue<Book> from = worker.Create<Book>("scan", 3, null);
        Delivery<Book> first = await from.TakeAsync();
        from.Acknowledge(first);
        await fourth.WaitAsync(Bound);

        var rest = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            Delivery<Book> next = await from.TakeAsync();
            rest.Add(next.Item.Path);
            from.Acknowledge(next);
        }

        Assert.Equal("0.txt", first.Item.Path);
        Assert.Equal(["1.txt", "2.txt", "3.txt"], rest);
    }

    [BrokerFact]
    public async Task TheFirstStageHandsOutHigherPrioritiesFirst()
    {
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix(), o => o.PriorityOf = item => (byte)((Book)item).Pages);
        IWorkQueue<Book> queue = factory.Create("scan", 10, Comparer<Book>.Default);
        foreach (int priority in new[] { 1, 9, 5, 1, 0 })
        {
            await queue.EnqueueAsync(new Book($"p{priority}", priority));
        }

        await AssertEventuallyAsync(factory, "scan", ready: 5, dead: 0);
        var order = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            Delivery<Book> delivery = await queue.TakeAsync();
            order.Add(delivery.Item.Pages);
            queue.Acknowledge(delivery);
        }

        Assert.Equal([9, 5, 1, 1, 0], order);
    }

    [BrokerFact]
    public async Task ARejectedItemGoesToTheDeadLetterQueueAndARequeuedOneComesBack()
    {
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix());
        IWorkQueue<Book> queue = factory.Create<Book>("index", 10, null);
        await queue.EnqueueAsync(new Book("poison.pdf", 1));
        await queue.EnqueueAsync(new Book("flaky.pdf", 2));

        Delivery<Book> poison = await queue.TakeAsync();
        await queue.RejectAsync(poison, requeue: false);
        Delivery<Book> flaky = await queue.TakeAsync();
        await queue.RejectAsync(flaky, requeue: true);
        Delivery<Book> again = await queue.TakeAsync();
        queue.Acknowledge(again);

        Assert.Equal("flaky.pdf", again.Item.Path);
        Assert.True(again.Redelivered);
        await AssertEventuallyAsync(factory, "index", ready: 0, dead: 1);

        // Reading the dead letters leaves them where they are.
        for (int i = 0; i < 2; i++)
        {
            RabbitMqDeadLetter letter = Assert.Single(await factory.PeekDeadLettersAsync("index"));
            Assert.Equal(("index", "rejected"), (letter.Stage, letter.Reason));
            Assert.Equal(new Book("poison.pdf", 1), System.Text.Json.JsonSerializer.Deserialize<Book>(letter.Body.Span));
        }

        await AssertEventuallyAsync(factory, "index", ready: 0, dead: 1);
        Assert.Empty(await factory.PeekDeadLettersAsync("never-declared"));
    }

    [BrokerFact]
    public async Task AnItemHeldByAWorkerThatDiesIsDeliveredToAnother()
    {
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory survivor = await Broker.ConnectAsync(prefix, o => o.Prefetch = 1);
        RabbitMqWorkQueueFactory doomed = await Broker.ConnectAsync(prefix, o => o.Prefetch = 1);
        IWorkQueue<Book> input = doomed.Create<Book>("scan", 10, null);
        await input.EnqueueAsync(new Book("held.epub", 7));
        Delivery<Book> held = await input.TakeAsync();
        Assert.Equal("held.epub", held.Item.Path);

        await doomed.DisposeAsync(); // its connections close without an acknowledgement

        IWorkQueue<Book> other = survivor.Create<Book>("scan", 10, null);
        Delivery<Book> redelivered = await other.TakeAsync();
        other.Acknowledge(redelivered);
        Assert.Equal("held.epub", redelivered.Item.Path);
        Assert.True(redelivered.Redelivered);
    }

    [BrokerFact]
    public async Task AnItemOverTheSizeLimitFailsWithTheLimitInTheMessage()
    {
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix(), o => o.MaxMessageBytes = 4096);
        IWorkQueue<Book> queue = factory.Create<Book>("index", 10, null);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => queue.EnqueueAsync(new Book(new string('x', 5000), 1)).AsTask());
        Assert.Contains("over the transport's limit of 0.0 MiB", error.Message, StringComparison.Ordinal);
    }

    [BrokerFact]
    public async Task AMessageThatIsNotAnItemGoesStraightToTheDeadLetters()
    {
        string prefix = Broker.UniquePrefix();
        var log = new RecordingLogger();
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(prefix, o => o.Logger = log);
        IWorkQueue<string> wrong = factory.Create<string>("scan", 10, null);
        await wrong.EnqueueAsync("not a book");
        await wrong.EnqueueAsync("{\"Path\": \"fine.txt\", \"Pages\": 1}"); // a JSON string, still not a Book

        IWorkQueue<Book> queue = factory.Create<Book>("scan", 10, null);
        await AssertEventuallyAsync(factory, "scan", ready: 0, dead: 2, start: queue);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("is not a Book", StringComparison.Ordinal));
    }

    [BrokerFact]
    public async Task EnqueueAfterCompleteFailsAndDequeueEndsOnceTheBufferIsEmpty()
    {
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix());
        IWorkQueue<Book> queue = factory.Create<Book>("scan", 10, null);
        await queue.EnqueueAsync(new Book("a.txt", 1));
        Delivery<Book> taken = await queue.TakeAsync();
        queue.Acknowledge(taken);
        queue.Complete();

        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => queue.EnqueueAsync(new Book("b.txt", 1)).AsTask());
        await Assert.ThrowsAsync<WorkQueueCompletedException>(() => queue.TakeAsync());
    }

    [BrokerTheory]
    [InlineData(false, "classic")]
    [InlineData(true, "quorum")]
    public async Task StagesAreClassicQueuesUnlessQuorumIsAskedForAndNoQueueHasABrokerSideBound(bool quorum, string expectedType)
    {
        string prefix = Broker.UniquePrefix();
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(prefix, o =>
        {
            o.PriorityOf = _ => 1;
            o.UseQuorumQueues = quorum;
        });
        await factory.Create("scan", 10, Comparer<Book>.Default).EnqueueAsync(new Book("a.txt", 1));
        await factory.Create<Book>("index", 10, null).EnqueueAsync(new Book("a.txt", 1));

        string[] queues = [.. TestServers.ListQueues("name", "type", "arguments").Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Order()];

        Assert.Equal(4, queues.Length);
        Assert.Matches($@"^{prefix}\.index\s+{expectedType}\s", queues[0]);
        Assert.Matches($@"^{prefix}\.index\.dead\s+classic\s", queues[1]);
        Assert.Matches($@"^{prefix}\.scan\s+classic\s.*x-max-priority", queues[2]);
        Assert.All(queues, q => Assert.DoesNotContain("x-max-length", q, StringComparison.Ordinal));
    }

    [Fact]
    public void ABrokerAddressIsShownWithoutItsCredentials()
    {
        Assert.Equal("amqp://broker.example:5672/books", BrokerAddress.Redact(new Uri("amqp://scanner:s3cret@broker.example:5672/books")));
    }

    /// <summary>Polls the broker's counts (which lag its confirms by a moment) until they match, within a bound.</summary>
    private static async Task AssertEventuallyAsync(RabbitMqWorkQueueFactory factory, string stage, long ready, long dead, IWorkQueue<Book>? start = null)
    {
        Task? consuming = start?.DequeueAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token).AsTask();
        RabbitMqQueueStatus status = await factory.GetStatusAsync(stage);
        for (int i = 0; i < 200 && (status.Ready != ready || status.DeadLetters != dead); i++)
        {
            await Task.Delay(50);
            status = await factory.GetStatusAsync(stage);
        }

        Assert.Equal((ready, dead), (status.Ready, status.DeadLetters));
        if (consuming is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
        }
    }
}

/// <summary>A small item with a value identity.</summary>
public sealed record Book(string Path, int Pages);
