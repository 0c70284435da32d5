using Bookline.Pipelines.Transport;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Bookline.Transports.RabbitMq;

/// <summary>
/// Puts a pipeline's stage queues on a RabbitMQ broker, so that workers in many processes share
/// them. Each stage gets a durable classic queue bounded by the stage's capacity (a full queue
/// rejects publishes, and the publisher waits and tries again: backpressure), and a dead-letter
/// queue for items that failed their last attempt. Publishes are confirmed before the stage that
/// made them acknowledges its own delivery, so nothing is lost between stages; a delivery whose
/// worker dies is delivered again.
/// </summary>
/// <remarks>
/// Delivery is at least once: a worker that dies after passing its result on and before its
/// acknowledgement reached the broker has its item processed twice, so stages must be idempotent
/// (the catalog writes by path). The broker closes the channel of a consumer that holds a message
/// unacknowledged longer than its consumer_timeout (30 minutes in 3.10) and delivers it again: a
/// stage's time limit must stay well below it.
/// </remarks>
public sealed class RabbitMqWorkQueueFactory : IWorkQueueFactory, IAsyncDisposable
{
    /// <summary>The environment variable that gives the user name when the broker address has none.</summary>
    public const string UserVariable = "BOOKLINE_BROKER_USER";

    /// <summary>The environment variable that gives the password when the broker address has none.</summary>
    public const string PasswordVariable = "BOOKLINE_BROKER_PASSWORD";

    private readonly IConnection _publishing;
    private readonly IConnection _consuming;
    private readonly List<IAsyncDisposable> _queues = [];
    private volatile string? _blockedReason;
    private CancellationTokenSource _publishingEpoch = new();

    private RabbitMqWorkQueueFactory(IConnection publishing, IConnection consuming, RabbitMqTransportOptions options, Uri broker)
    {
        _publishing = publishing;
        _consuming = consuming;
        Options = options;
        Broker = BrokerAddress.Redact(broker);
        _publishing.ConnectionBlockedAsync += OnBlockedAsync;
        _publishing.ConnectionUnblockedAsync += OnUnblockedAsync;
        _publishing.RecoverySucceededAsync += OnRecoveredAsync;
        _consuming.RecoverySucceededAsync += OnRecoveredAsync;
        _publishing.ConnectionShutdownAsync += OnPublishingLostAsync;
    }

    /// <summary>The broker's address, without credentials.</summary>
    public string Broker { get; }

    /// <summary>The options this factory was connected with.</summary>
    public RabbitMqTransportOptions Options { get; }

    /// <summary>The broker's reason while it blocks this process's publishes (a memory or disk alarm); null otherwise.</summary>
    public string? BlockedReason => _blockedReason;

    /// <summary>Connects to a broker: one connection for publishing and one for consuming, both recovering by themselves.</summary>
    /// <param name="broker">amqp://user:password@host:port/vhost; without a user, <see cref="UserVariable"/> and <see cref="PasswordVariable"/> are read.</param>
    /// <param name="options">Queue names, prefetch, limits; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The factory, to set as the pipeline's queue factory.</returns>
    /// <exception cref="BrokerUnreachableException">No broker answers at that address, or it refused the credentials.</exception>
    public static async Task<RabbitMqWorkQueueFactory> ConnectAsync(Uri broker, RabbitMqTransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(broker);
        options ??= new RabbitMqTransportOptions();
        options.Validate();
        var factory = new ConnectionFactory
        {
            Uri = broker,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            ClientProvidedName = options.ClientName,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        if (string.IsNullOrEmpty(broker.UserInfo) && Environment.GetEnvironmentVariable(UserVariable) is { Length: > 0 } user)
        {
            factory.UserName = user;
            factory.Password = Environment.GetEnvironmentVariable(PasswordVariable) ?? string.Empty;
        }

        IConnection publishing = await factory.CreateConnectionAsync(options.ClientName + " publisher", cancellationToken).ConfigureAwait(false);
        try
        {
            IConnection consuming = await factory.CreateConnectionAsync(options.ClientName + " consumer", cancellationToken).ConfigureAwait(false);
            return new RabbitMqWorkQueueFactory(publishing, consuming, options, broker);
        }
        catch
        {
            await publishing.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The broker queue that carries a stage's items.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>"PREFIX.STAGE".</returns>
    public string QueueName(string stage) => $"{Options.QueuePrefix}.{stage}";

    /// <summary>The broker queue that keeps a stage's dead letters.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>"PREFIX.STAGE.dead".</returns>
    public string DeadLetterQueueName(string stage) => QueueName(stage) + ".dead";

    /// <inheritdoc />
    public IWorkQueue<T> Create<T>(string stage, int capacity, IComparer<T>? priority)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var queue = new RabbitMqWorkQueue<T>(this, stage, capacity, prioritized: priority is not null && Options.PriorityOf is not null);
        lock (_queues)
        {
            _queues.Add(queue);
        }

        return queue;
    }

    /// <summary>Asks the broker how a stage's queue stands.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    /// <returns>The status, with zeros for a queue that does not exist yet.</returns>
    public async Task<RabbitMqQueueStatus> GetStatusAsync(string stage, CancellationToken cancellationToken = default)
    {
        (long ready, long consumers) = await PeekAsync(QueueName(stage), cancellationToken).ConfigureAwait(false);
        (long dead, _) = await PeekAsync(DeadLetterQueueName(stage), cancellationToken).ConfigureAwait(false);
        return new RabbitMqQueueStatus(stage, QueueName(stage), ready, consumers, dead);
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> messages of a stage's dead-letter queue without taking
    /// them: they are all back in the queue, in order, when this returns.
    /// </summary>
    /// <param name="stage">The stage.</param>
    /// <param name="limit">The most messages to read.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The dead letters, oldest first; empty when the queue does not exist.</returns>
    public async Task<IReadOnlyList<RabbitMqDeadLetter>> PeekDeadLettersAsync(string stage, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var letters = new List<RabbitMqDeadLetter>();
        IChannel channel = await _consuming.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            try
            {
                while (letters.Count < limit && await channel.BasicGetAsync(DeadLetterQueueName(stage), autoAck: false, cancellationToken).ConfigureAwait(false) is { } message)
                {
                    letters.Add(new RabbitMqDeadLetter(stage, message.Body.ToArray(), DeathReason(message.BasicProperties.Headers)));
                }
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
            {
                return [];
            }

            // Nothing was acknowledged: closing the channel puts every message back.
            await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
        }

        return letters;
    }

    /// <summary>Closes every queue made here (buffered deliveries go back to the broker) and both connections.</summary>
    /// <returns>A task that completes when all is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] queues;
        lock (_queues)
        {
            queues = [.. _queues];
            _queues.Clear();
        }

        foreach (IAsyncDisposable queue in queues)
        {
            await queue.DisposeAsync().ConfigureAwait(false);
        }

        await _consuming.CloseAsync().ConfigureAwait(false);
        await _publishing.CloseAsync().ConfigureAwait(false);
        await _consuming.DisposeAsync().ConfigureAwait(false);
        await _publishing.DisposeAsync().ConfigureAwait(false);
    }

    internal Task<IChannel> CreatePublishingChannelAsync(CancellationToken cancellationToken) =>
        _publishing.CreateChannelAsync(
            new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(Options.MaxOutstandingConfirms)),
            cancellationToken);

    internal Task<IChannel> CreateConsumingChannelAsync(CancellationToken cancellationToken) =>
        _consuming.CreateChannelAsync(cancellationToken: cancellationToken);

    internal ILogger Logger => Options.Logger;

    /// <summary>
    /// Cancelled when the publishing connection drops: a publish waiting for its confirm then will not
    /// get it (the broker that took the message may be gone), so it is sent again on a new channel
    /// rather than left to run out its time limit. Each drop starts a new epoch.
    /// </summary>
    internal CancellationToken PublishingEpoch => Volatile.Read(ref _publishingEpoch).Token;

    internal async Task<(long Ready, long Consumers)> PeekAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes the channel it ran on: a throwaway channel.
        IChannel channel = await _consuming.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            try
            {
                QueueDeclareOk ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
                return (ok.MessageCount, ok.ConsumerCount);
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
            {
                return (0, 0);
            }
        }
    }

    private static string? DeathReason(IDictionary<string, object?>? headers)
    {
        // x-death is a list of tables, newest first; each has a "reason" (bytes on the wire).
        if (headers is not null && headers.TryGetValue("x-death", out object? deaths) && deaths is IList<object?> { Count: > 0 } list
            && list[0] is IDictionary<string, object?> latest && latest.TryGetValue("reason", out object? reason))
        {
            return reason is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : reason?.ToString();
        }

        return null;
    }

    private Task OnBlockedAsync(object sender, ConnectionBlockedEventArgs args)
    {
        _blockedReason = args.Reason;
        RabbitMqLog.Blocked(Logger, args.Reason, Options.PublishTimeout.TotalSeconds);
        return Task.CompletedTask;
    }

    private Task OnUnblockedAsync(object sender, AsyncEventArgs args)
    {
        _blockedReason = null;
        RabbitMqLog.Unblocked(Logger);
        return Task.CompletedTask;
    }

    private Task OnPublishingLostAsync(object sender, ShutdownEventArgs args)
    {
        Interlocked.Exchange(ref _publishingEpoch, new CancellationTokenSource()).Cancel();
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        RabbitMqLog.Reconnected(Logger);
        return Task.CompletedTask;
    }
}
