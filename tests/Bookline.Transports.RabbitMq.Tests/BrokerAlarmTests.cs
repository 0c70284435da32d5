using Bookline.Pipelines.Transport;
using Bookline.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace Bookline.Transports.RabbitMq.Tests;

[CollectionDefinition(nameof(BrokerAlarmTests), DisableParallelization = true)]
public sealed class BrokerAlarmRunsAlone;

/// <summary>A disk alarm blocks every publisher on the broker: this runs alone.</summary>
[Collection(nameof(BrokerAlarmTests))]
public sealed class BrokerAlarmTests
{
    [BrokerFact]
    public async Task APublishTheBrokerBlocksFailsAfterItsTimeoutSayingWhyAndTheLogSaysItToo()
    {
        var log = new RecordingLogger();
        await using RabbitMqWorkQueueFactory factory = await Broker.ConnectAsync(Broker.UniquePrefix(), o =>
        {
            o.PublishTimeout = TimeSpan.FromSeconds(3);
            o.Logger = log;
        });
        IWorkQueue<Book> queue = factory.Create<Book>("scan", 10, null);
        await queue.EnqueueAsync(new Book("before.txt", 1)); // declares the queue while the broker is well

        TestServers.SetDiskFreeLimit("100000GB");
        try
        {
            var error = await Assert.ThrowsAsync<WorkQueueUnavailableException>(() => queue.EnqueueAsync(new Book("during.txt", 2)).AsTask());
            Assert.Contains("did not confirm a message for stage 'scan' within 3 s", error.Message, StringComparison.Ordinal);
            Assert.Contains("the broker blocks publishing", error.Message, StringComparison.Ordinal);
            Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("The broker blocks publishing", StringComparison.Ordinal));
        }
        finally
        {
            TestServers.SetDiskFreeLimit("50MB");
        }
    }
}
