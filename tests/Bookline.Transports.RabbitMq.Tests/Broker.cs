using Bookline.Pipelines.Transport;

namespace Bookline.Transports.RabbitMq.Tests;

/// <summary>The test broker, and factories whose queues no other test shares.</summary>
internal static class Broker
{
    public static Uri? Address => Environment.GetEnvironmentVariable("BOOKLINE_TEST_AMQP") is { Length: > 0 } url ? new Uri(url) : null;

    public static Task<RabbitMqWorkQueueFactory> ConnectAsync(string prefix, Action<RabbitMqTransportOptions>? configure = null)
    {
        var options = new RabbitMqTransportOptions { QueuePrefix = prefix };
        configure?.Invoke(options);
        Uri address = Address ?? throw new InvalidOperationException("BOOKLINE_TEST_AMQP is not set: the test broker did not start.");
        return RabbitMqWorkQueueFactory.ConnectAsync(address, options);
    }

    public static string UniquePrefix() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Takes a delivery within a bound, so that a lost message fails the test instead of hanging it.</summary>
    public static async Task<Delivery<T>> TakeAsync<T>(this IWorkQueue<T> queue)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await queue.DequeueAsync(bound.Token);
    }
}
