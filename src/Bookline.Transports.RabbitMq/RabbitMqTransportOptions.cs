using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookline.Transports.RabbitMq;

/// <summary>How a pipeline's queues live on a RabbitMQ broker.</summary>
public sealed class RabbitMqTransportOptions
{
    /// <summary>Starts every queue's name: a stage's queue is "PREFIX.STAGE" and its dead letters "PREFIX.STAGE.dead".</summary>
    /// <value>The default value is "bookline". Processes that share a prefix share the queues.</value>
    public string QueuePrefix { get; set; } = "bookline";

    /// <summary>Deliveries a process holds per stage before it has settled any (the broker's prefetch, per consumer).</summary>
    /// <value>The default value is 4: enough to keep a few workers busy, little enough that a crash redelivers few.</value>
    public ushort Prefetch { get; set; } = 4;

    /// <summary>How long one publish may wait for the broker's confirm before it fails (a blocked connection never confirms).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a publish keeps trying while the broker is unreachable (restarting, or cut off) before
    /// it gives up with a <see cref="Bookline.Pipelines.Transport.WorkQueueUnavailableException"/>: the
    /// stage then keeps its item and stops its run.
    /// </summary>
    /// <value>The default value is 2 minutes: a broker's cold start takes seconds.</value>
    public TimeSpan ReconnectTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest pause between two tries to publish into a full queue (the pauses start at 5 ms and double).</summary>
    /// <value>The default value is 250 ms.</value>
    public TimeSpan FullQueueMaxDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The largest message, serialized; a larger item fails in the stage that produced it.</summary>
    /// <value>The default value is 16 MiB (the broker's own limit in 3.10 is 128 MiB).</value>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Publishes awaiting their confirm at once, per process (the client's default limit is 128).</summary>
    /// <value>The default value is 1024.</value>
    public int MaxOutstandingConfirms { get; set; } = 1024;

    /// <summary>
    /// The broker priority (0 lowest to 9 highest) of an item put into the first stage's queue when
    /// the pipeline has a priority order; null leaves every message at priority 0.
    /// </summary>
    /// <value>The default value is null.</value>
    public Func<object, byte>? PriorityOf { get; set; }

    /// <summary>
    /// Declare the stages that have no priority order (all but a prioritized first stage) as quorum
    /// queues, which a cluster replicates; a stage with priorities stays a classic queue with
    /// x-max-priority (quorum queues have none before RabbitMQ 4.0), and so do dead-letter queues,
    /// so that reading them (which returns what it read) never counts against a delivery limit.
    /// Queues that exist already keep their type.
    /// </summary>
    /// <value>
    /// The default value is false: durable classic queues. On one node, quorum queues had 1.24 times a
    /// classic queue's throughput in bench/, but a RabbitMQ 3.10 node killed (kill -9) seconds after it
    /// declared a quorum queue came back with that queue a follower at term 0, which confirmed no
    /// publish again; classic queues came back whole.
    /// </value>
    public bool UseQuorumQueues { get; set; }

    /// <summary>How items become messages and back.</summary>
    /// <value>The default value is <see cref="JsonSerializerOptions.Default"/>.</value>
    public JsonSerializerOptions SerializerOptions { get; set; } = JsonSerializerOptions.Default;

    /// <summary>
    /// Where the transport says what it sees of the broker: a blocked connection (warning), a delivery it
    /// could not settle or read (warning), a recovery (information).
    /// </summary>
    /// <value>The default value is <see cref="NullLogger.Instance"/>: nothing is written.</value>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>The connection name the broker shows for this process.</summary>
    /// <value>The default value is "bookline".</value>
    public string ClientName { get; set; } = "bookline";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(QueuePrefix, nameof(QueuePrefix));
        ArgumentNullException.ThrowIfNull(SerializerOptions, nameof(SerializerOptions));
        ArgumentNullException.ThrowIfNull(Logger, nameof(Logger));
        if (Prefetch < 1)
        {
            throw new ArgumentException("Prefetch must be at least 1.", nameof(Prefetch));
        }

        if (PublishTimeout <= TimeSpan.Zero || FullQueueMaxDelay <= TimeSpan.Zero || ReconnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("PublishTimeout, ReconnectTimeout and FullQueueMaxDelay must be positive.");
        }

        if (MaxMessageBytes < 1024 || MaxOutstandingConfirms < 1)
        {
            throw new ArgumentException("MaxMessageBytes must be at least 1024 and MaxOutstandingConfirms at least 1.");
        }
    }
}
