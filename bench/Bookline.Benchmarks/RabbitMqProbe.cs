using System.Diagnostics;
using System.Globalization;
using Bookline.Pipelines;
using Bookline.Transports.RabbitMq;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Bookline.Benchmarks;

/// <summary>
/// Persistent messages end to end through a real broker: RabbitMQ.Client alone (the anchor) against
/// a Bookline pipeline stage on the RabbitMQ transport, in the same run, alternating. Both sides:
/// one publisher keeping many confirms in flight, two consumers on connections of their own (as two
/// worker processes would be), prefetch 100, one acknowledgement per message, 64-byte payloads.
/// </summary>
internal static class RabbitMqProbe
{
    private const int InFlight = 1000;
    private const ushort Prefetch = 100;

    /// <summary>The stage bound a scan uses by default (--queue-size), kept by the publisher.</summary>
    private const int DefaultBound = 64;

    public static async Task RunAsync(Uri broker, int messages, int rounds)
    {
        Console.WriteLine($"{messages:N0} persistent messages per run, {InFlight} publishes in flight, 2 consumers, prefetch {Prefetch}.");
        var raw = new List<double>();
        var bookline = new List<double>();
        var bounded = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            raw.Add(await RawClientAsync(broker, messages, arguments: null));
            bookline.Add(await BooklineStageAsync(broker, messages, capacity: messages));
            bounded.Add(await BooklineStageAsync(broker, messages, capacity: DefaultBound));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: RabbitMQ.Client {raw[^1]:N0} msg/s, Bookline transport {bookline[^1]:N0} msg/s, bounded at {DefaultBound} {bounded[^1]:N0} msg/s"));
        }

        double rawMedian = Median(raw), booklineMedian = Median(bookline), boundedMedian = Median(bounded);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: RabbitMQ.Client {rawMedian:N0} msg/s, Bookline {booklineMedian:N0} msg/s (ratio {booklineMedian / rawMedian:F2}), bounded at {DefaultBound} {boundedMedian:N0} msg/s (ratio {boundedMedian / rawMedian:F2})"));
    }

    /// <summary>
    /// What each kind of queue costs, on the client alone, alternating in one run: a classic queue, a
    /// classic queue with priorities (what the first stage needs: quorum queues have none in 3.10), and
    /// a quorum queue (replicated, with delivery limits).
    /// </summary>
    public static async Task RunQueueKindsAsync(Uri broker, int messages, int rounds)
    {
        var kinds = new (string Name, Dictionary<string, object?>? Arguments)[]
        {
            ("classic", null),
            ("classic, x-max-priority 10", new() { ["x-max-priority"] = (byte)10 }),
            ("quorum", new() { ["x-queue-type"] = "quorum" }),
        };
        Console.WriteLine($"{messages:N0} persistent messages per run, {InFlight} publishes in flight, 2 consumers, prefetch {Prefetch}; RabbitMQ.Client alone.");
        var rates = kinds.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < kinds.Length; k++)
            {
                rates[k].Add(await RawClientAsync(broker, messages, kinds[k].Arguments));
            }

            Console.WriteLine($"round {round + 1}: " + string.Join(", ", kinds.Select((kind, k) => string.Create(CultureInfo.InvariantCulture, $"{kind.Name} {rates[k][^1]:N0} msg/s"))));
        }

        double classic = Median(rates[0]);
        for (int k = 0; k < kinds.Length; k++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {kinds[k].Name}: {Median(rates[k]):N0} msg/s, {Median(rates[k]) / classic:F2}x classic"));
        }
    }

    private static async Task<double> RawClientAsync(Uri broker, int messages, IDictionary<string, object?>? arguments)
    {
        var factory = new ConnectionFactory { Uri = broker };
        string queue = "probe-raw-" + Guid.NewGuid().ToString("N")[..8];
        await using IConnection publishing = await factory.CreateConnectionAsync();
        await using IChannel publisher = await publishing.CreateChannelAsync(new CreateChannelOptions(true, true, new ThrottlingRateLimiter(InFlight * 2)));
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments);
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumers = new List<IConnection>();
        for (int c = 0; c < 2; c++)
        {
            IConnection connection = await factory.CreateConnectionAsync();
            consumers.Add(connection);
            IChannel channel = await connection.CreateChannelAsync();
            await channel.BasicQosAsync(0, Prefetch, false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, args) =>
            {
                await channel.BasicAckAsync(args.DeliveryTag, false);
                if (Interlocked.Increment(ref received) == messages)
                {
                    done.TrySetResult();
                }
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        }

        byte[] body = new byte[64];
        var properties = new BasicProperties { Persistent = true };
        long started = Stopwatch.GetTimestamp();
        var pending = new List<ValueTask>(InFlight);
        for (int i = 0; i < messages; i++)
        {
#pragma warning disable CA2012 // each ValueTask is awaited exactly once, below: no Task allocation in the anchor
            pending.Add(publisher.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body));
#pragma warning restore CA2012
            if (pending.Count == InFlight)
            {
                foreach (ValueTask publish in pending)
                {
                    await publish;
                }

                pending.Clear();
            }
        }

        foreach (ValueTask publish in pending)
        {
            await publish;
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        double rate = messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
        foreach (IConnection connection in consumers)
        {
            await connection.CloseAsync();
            await connection.DisposeAsync();
        }

        await publisher.QueueDeleteAsync(queue);
        return rate;
    }

    private static async Task<double> BooklineStageAsync(Uri broker, int messages, int capacity)
    {
        string prefix = "probe-bookline-" + Guid.NewGuid().ToString("N")[..8];
        var options = new RabbitMqTransportOptions { QueuePrefix = prefix, Prefetch = Prefetch, MaxOutstandingConfirms = InFlight * 2 };
        await using RabbitMqWorkQueueFactory producerSide = await RabbitMqWorkQueueFactory.ConnectAsync(broker, options);
        int received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Pipeline<Payload> Build(RabbitMqWorkQueueFactory queues, bool remote) =>
            Pipeline.Create<Payload>(new PipelineOptions { QueueFactory = queues, RemoteStages = remote ? ["consume"] : [] })
                .Sink("consume", (_, _) =>
                {
                    if (Interlocked.Increment(ref received) == messages)
                    {
                        done.TrySetResult();
                    }

                    return ValueTask.CompletedTask;
                }, new StageOptions { Workers = Prefetch, Capacity = capacity });

        // Two worker "processes", each with its own connections, like the raw client's two consumers.
        var workers = new List<(RabbitMqWorkQueueFactory Queues, PipelineRun<Payload> Run)>();
        for (int c = 0; c < 2; c++)
        {
            RabbitMqWorkQueueFactory queues = await RabbitMqWorkQueueFactory.ConnectAsync(broker, options);
            workers.Add((queues, Build(queues, remote: false).Start()));
        }

        await using PipelineRun<Payload> producer = Build(producerSide, remote: true).Start();
        var payload = new Payload(new string('x', 40));
        long started = Stopwatch.GetTimestamp();
        var pending = new List<Task>(InFlight);
        for (int i = 0; i < messages; i++)
        {
            pending.Add(producer.WriteAsync(payload).AsTask());
            if (pending.Count == InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        double rate = messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
        producer.CompleteInput();
        foreach (var (queues, run) in workers)
        {
            await run.StopAsync();
            await run.DisposeAsync();
            await queues.DisposeAsync();
        }

        return rate;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>About 64 bytes once serialized.</summary>
    internal sealed record Payload(string Text);
}
