using System.Text.Json;
using Bookline.Pipelines.Transport;
using Bookline.Queues;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Bookline.Transports.RabbitMq;

/// <summary>
/// One stage's queue on the broker. Publishing is lazy (the channel and the queue are declared on
/// first use) and so is consuming: a process that only publishes into a stage never consumes it.
/// Deliveries wait in a small local buffer (at most the prefetch) until a worker takes them.
/// </summary>
/// <remarks>
/// The bound is kept by the publisher, not the broker: a publish waits while the queue holds
/// <see cref="Capacity"/> ready messages or more. A broker-side x-max-length would also be a bound,
/// but the broker keeps it by dropping (dead-lettering) the oldest messages, and it does so when a
/// restart or a dropped connection puts the workers' unacknowledged deliveries back: healthy files
/// then ended as failures. Waiting publishers never discard anything; several publishers may pass
/// the bound by the publishes they have in flight, which is all a soft bound costs.
/// </remarks>
internal sealed class RabbitMqWorkQueue<T> : IWorkQueue<T>, IAsyncDisposable
{
    private const int NotFound = 404;
    private const int PreconditionFailed = 406;
    private static readonly TimeSpan FirstFullDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly RabbitMqWorkQueueFactory _factory;
    private readonly string _queue;
    private readonly bool _prioritized;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly SemaphoreSlim _depthCheck = new(1, 1);
    private readonly AsyncQueue<Delivery<T>> _received = new();
    private readonly List<Task> _settling = [];
    private readonly CancellationTokenSource _abandoned = new();
    private PublishingChannel? _publisher;
    private IChannel? _consumer;
    private string? _consumerTag;
    private int _completed;
    private long _published;       // confirmed publishes from this process
    private long _receivedFresh;   // first deliveries (not redeliveries) to this process
    private long _depth;           // ready messages, as last asked, plus this process's publishes since
    private Task _drained = Task.CompletedTask;
    private TaskCompletionSource? _unregistered;
    private int _peak;

    public RabbitMqWorkQueue(RabbitMqWorkQueueFactory factory, string stage, int capacity, bool prioritized)
    {
        _factory = factory;
        Name = stage;
        Capacity = capacity;
        _prioritized = prioritized;
        _queue = factory.QueueName(stage);
    }

    public string Name { get; }

    public int Capacity { get; }

    /// <summary>Deliveries this process holds and no worker has taken yet; the broker's depth is <see cref="RabbitMqWorkQueueFactory.GetStatusAsync"/>.</summary>
    public int Count => _received.Count;

    public int PeakCount => Volatile.Read(ref _peak);

    public async ValueTask EnqueueAsync(T item, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            throw new WorkQueueCompletedException($"The queue '{Name}' was completed: it takes no more items.");
        }

        byte[] body = JsonSerializer.SerializeToUtf8Bytes(item, _factory.Options.SerializerOptions);
        if (body.Length > _factory.Options.MaxMessageBytes)
        {
            throw new InvalidOperationException(
                $"The item for stage '{Name}' is {body.Length / 1048576.0:0.0} MiB serialized, over the transport's limit of {_factory.Options.MaxMessageBytes / 1048576.0:0.0} MiB.");
        }

        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        if (_prioritized && item is not null)
        {
            properties.Priority = Math.Min(_factory.Options.PriorityOf!(item), (byte)9);
        }

        await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan delay = FirstFullDelay;
        long? disconnectedSince = null;
        while (true)
        {
            ThrowIfAbandoned();
            CancellationToken epoch = _factory.PublishingEpoch;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, epoch);
            timeout.CancelAfter(_factory.Options.PublishTimeout);
            PublishingChannel? channel = null;
            try
            {
                channel = Volatile.Read(ref _publisher);
                if (channel is { IsStale: true })
                {
                    DropPublisher(channel);
                    channel = null;
                }

                channel ??= await SetUpPublisherAsync(timeout.Token).ConfigureAwait(false);
                await channel.Channel.BasicPublishAsync(string.Empty, _queue, mandatory: true, properties, body, timeout.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _published);
                return;
            }
            catch (PublishException exception) when (!exception.IsReturn)
            {
                // Only a queue declared with x-max-length by an earlier Bookline rejects publishes: wait
                // for room, as a full in-memory queue makes its producer wait.
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _factory.Options.FullQueueMaxDelay.Ticks));
            }
            catch (Exception exception) when (IsConnectionFailure(exception)
                || (exception is OperationCanceledException && epoch.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
            {
                // The connection dropped (a broker restart, or a kill): the client reconnects by itself,
                // and the publish is sent again on a new channel (a confirm still awaited on the old one
                // never comes, and the old channel's count of confirms in flight never goes down). A
                // message the broker took without confirming may then arrive twice, which the stages
                // tolerate (at least once).
                DropPublisher(channel);
                disconnectedSince ??= System.Diagnostics.Stopwatch.GetTimestamp();
                if (System.Diagnostics.Stopwatch.GetElapsedTime(disconnectedSince.Value) > _factory.Options.ReconnectTimeout)
                {
                    throw new WorkQueueUnavailableException($"The broker was unreachable for {_factory.Options.ReconnectTimeout.TotalSeconds:0} s while publishing for stage '{Name}': {exception.Message}", exception);
                }

                await Task.Delay(FirstReconnectDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_abandoned.IsCancellationRequested)
            {
                string blocked = _factory.BlockedReason is { } reason ? $" (the broker blocks publishing: {reason})" : string.Empty;
                throw new WorkQueueUnavailableException($"The broker did not confirm a message for stage '{Name}' within {_factory.Options.PublishTimeout.TotalSeconds:0} s{blocked}.");
            }
        }
    }

    /// <summary>Forgets a publishing channel whose connection dropped, so that the next publish opens a new one.</summary>
    private void DropPublisher(PublishingChannel? channel)
    {
        if (channel is not null && Interlocked.CompareExchange(ref _publisher, null, channel) == channel)
        {
            _ = DisposeQuietlyAsync(channel.Channel);
        }
    }

    public async ValueTask<Delivery<T>> DequeueAsync(CancellationToken cancellationToken = default)
    {
        if (_consumer is null && Volatile.Read(ref _completed) == 0)
        {
            try
            {
                await SetUpConsumerAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abandoned.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new WorkQueueCompletedException($"The queue '{Name}' was abandoned before it could consume.");
            }
        }

        try
        {
            return await _received.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (QueueShutDownException)
        {
            throw new WorkQueueCompletedException($"The queue '{Name}' was completed and this process holds nothing more from it.");
        }
    }

    public void Acknowledge(in Delivery<T> delivery)
    {
        try
        {
            Track(_consumer!.BasicAckAsync(delivery.Tag, multiple: false).AsTask(), "acknowledge");
        }
        catch (OperationInterruptedException exception)
        {
            // The connection dropped since the delivery: the broker has put it back for another worker.
            RabbitMqLog.SettleFailed(_factory.Logger, "acknowledge", _queue, exception.Message);
        }
    }

    public async ValueTask RejectAsync(Delivery<T> delivery, bool requeue, CancellationToken cancellationToken = default)
    {
        try
        {
            // requeue false: the queue's dead-letter exchange moves the message to PREFIX.STAGE.dead.
            await _consumer!.BasicNackAsync(delivery.Tag, multiple: false, requeue, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationInterruptedException exception)
        {
            RabbitMqLog.SettleFailed(_factory.Logger, "settle", _queue, exception.Message);
        }
    }

    public void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _drained = DrainThenStopAsync();
        }
    }

    public IReadOnlyList<T> Abandon()
    {
        Interlocked.Exchange(ref _completed, 2); // also ends a drain that Complete started
        _abandoned.Cancel(); // ends waits for room and for a broker to come back
        StopConsuming();
        var left = new List<T>();
        try
        {
            while (_received.TryGet(out Delivery<T> delivery))
            {
                left.Add(delivery.Item);
                Track(_consumer!.BasicNackAsync(delivery.Tag, multiple: false, requeue: true).AsTask(), "return");
            }
        }
        catch (QueueShutDownException)
        {
            // completed and drained already: nothing is left here
        }

        _received.Shutdown(immediate: true);
        return left; // still on the broker, for another worker: unprocessed by this run only
    }

    public async ValueTask DisposeAsync()
    {
        Abandon();
        await _drained.ConfigureAwait(false);
        Task[] settling;
        lock (_settling)
        {
            settling = [.. _settling];
        }

        try
        {
            await Task.WhenAll(settling).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or AlreadyClosedException or OperationInterruptedException)
        {
            // Unsettled deliveries go back to the queue when the channel closes.
        }

        if (_consumer is not null)
        {
            await _consumer.DisposeAsync().ConfigureAwait(false);
        }

        if (_publisher is not null)
        {
            await _publisher.Channel.DisposeAsync().ConfigureAwait(false);
        }

        _setup.Dispose();
        _depthCheck.Dispose();
        _abandoned.Dispose();
    }

    private async Task<PublishingChannel> SetUpPublisherAsync(CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _publisher) is { } existing)
            {
                if (!existing.IsStale)
                {
                    return existing;
                }

                DropPublisher(existing);
            }

            // The epoch is read before the channel opens: a drop while it opens makes it stale at once, never current.
            CancellationToken epoch = _factory.PublishingEpoch;
            IChannel channel = await _factory.CreatePublishingChannelAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var declared = new PublishingChannel(await DeclareAsync(channel, publishing: true, cancellationToken).ConfigureAwait(false), epoch);
                Volatile.Write(ref _publisher, declared);
                return declared;
            }
            catch
            {
                // Cut off half-way (the connection dropped): a channel left open would be recovered for nothing.
                await DisposeQuietlyAsync(channel).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>
    /// Declares the queue and starts consuming it, trying again while the broker is unreachable (a worker
    /// may start while the broker restarts). The consumer counts as set up only once the broker has
    /// accepted it: a setup cut off half-way is done again, not left as a channel that never delivers.
    /// </summary>
    private async Task SetUpConsumerAsync(CancellationToken cancellationToken)
    {
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandoned.Token);
        await _setup.WaitAsync(waits.Token).ConfigureAwait(false);
        try
        {
            TimeSpan delay = FirstReconnectDelay;
            while (_consumer is null && Volatile.Read(ref _completed) == 0)
            {
                IChannel? channel = null;
                try
                {
                    channel = await _factory.CreateConsumingChannelAsync(waits.Token).ConfigureAwait(false);
                    channel = await DeclareAsync(channel, publishing: false, waits.Token).ConfigureAwait(false);
                    await channel.BasicQosAsync(0, _factory.Options.Prefetch, global: false, waits.Token).ConfigureAwait(false);
                    var consumer = new AsyncEventingBasicConsumer(channel);
                    consumer.ReceivedAsync += OnReceivedAsync;
                    var unregistered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    consumer.UnregisteredAsync += (_, _) =>
                    {
                        unregistered.TrySetResult();
                        return Task.CompletedTask;
                    };
                    string tag = await channel.BasicConsumeAsync(_queue, autoAck: false, consumer, waits.Token).ConfigureAwait(false);
                    _unregistered = unregistered;
                    _consumerTag = tag;
                    _consumer = channel;
                }
                catch (Exception exception) when (IsConnectionFailure(exception))
                {
                    RabbitMqLog.SetUpRetried(_factory.Logger, _queue, exception.Message);
                    if (channel is not null)
                    {
                        await DisposeQuietlyAsync(channel).ConfigureAwait(false);
                    }

                    await Task.Delay(delay, waits.Token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
                }
            }
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>
    /// Waits while the queue holds <see cref="Capacity"/> ready messages or more. This process's own
    /// publishes are counted as they go; the broker is asked only when that count says the queue is
    /// full, and then at most every <see cref="RabbitMqTransportOptions.FullQueueMaxDelay"/> while it stays full.
    /// </summary>
    private async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _depth) <= Capacity)
        {
            return; // room by this process's count: the common case, no question to the broker
        }

        Interlocked.Decrement(ref _depth);
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandoned.Token);
        TimeSpan delay = FirstFullDelay;
        while (true)
        {
            ThrowIfAbandoned();
            await _depthCheck.WaitAsync(waits.Token).ConfigureAwait(false);
            try
            {
                if (Volatile.Read(ref _depth) >= Capacity)
                {
                    (long ready, _) = await _factory.PeekAsync(_queue, waits.Token).ConfigureAwait(false);
                    Volatile.Write(ref _depth, ready);
                }

                if (Interlocked.Increment(ref _depth) <= Capacity)
                {
                    return;
                }

                Interlocked.Decrement(ref _depth);
            }
            catch (Exception exception) when (IsConnectionFailure(exception))
            {
                // The broker cannot say now: the publish that follows finds out whether it is back.
                return;
            }
            finally
            {
                _depthCheck.Release();
            }

            await Task.Delay(delay, waits.Token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _factory.Options.FullQueueMaxDelay.Ticks));
        }
    }

    private void ThrowIfAbandoned()
    {
        if (Volatile.Read(ref _completed) == 2)
        {
            throw new WorkQueueCompletedException($"The queue '{Name}' was abandoned: it takes no more items.");
        }
    }

    /// <summary>An error that says the connection (or the channel with it) is gone for now, not that the request is wrong.</summary>
    private static bool IsConnectionFailure(Exception exception) => exception
        is AlreadyClosedException
        or OperationInterruptedException { ShutdownReason.ReplyCode: not (NotFound or PreconditionFailed) }
        or BrokerUnreachableException
        or IOException
        or System.Net.Sockets.SocketException;

    private static async Task DisposeQuietlyAsync(IChannel channel)
    {
        try
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsConnectionFailure(exception) || exception is OperationInterruptedException)
        {
            // closing a channel of a connection that is gone
        }
    }

    /// <summary>Declares the stage's queue and its dead-letter queue; a queue declared before with other arguments is used as it is.</summary>
    private async Task<IChannel> DeclareAsync(IChannel channel, bool publishing, CancellationToken cancellationToken)
    {
        string dead = _factory.DeadLetterQueueName(Name);
        var arguments = new Dictionary<string, object?>
        {
            // No x-max-length: see the remarks on this class.
            ["x-dead-letter-exchange"] = string.Empty,
            ["x-dead-letter-routing-key"] = dead,
        };
        if (_prioritized)
        {
            arguments["x-max-priority"] = (byte)10;
        }
        else if (_factory.Options.UseQuorumQueues)
        {
            arguments["x-queue-type"] = "quorum";
        }

        try
        {
            await channel.QueueDeclareAsync(dead, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            return channel;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == PreconditionFailed)
        {
            // Another process declared it with another capacity or priority: its settings stand.
            RabbitMqLog.QueueSettingsDiffer(_factory.Logger, _queue, exception.ShutdownReason.ReplyText);
            await channel.DisposeAsync().ConfigureAwait(false);
            IChannel again = publishing
                ? await _factory.CreatePublishingChannelAsync(cancellationToken).ConfigureAwait(false)
                : await _factory.CreateConsumingChannelAsync(cancellationToken).ConfigureAwait(false);
            await again.QueueDeclarePassiveAsync(_queue, cancellationToken).ConfigureAwait(false);
            return again;
        }
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs args)
    {
        T item;
        try
        {
            item = JsonSerializer.Deserialize<T>(args.Body.Span, _factory.Options.SerializerOptions)!;
        }
        catch (JsonException exception)
        {
            // A message no worker can read would come back forever: straight to the dead letters.
            RabbitMqLog.NotAnItem(_factory.Logger, _queue, typeof(T).Name, exception.Message);
            await ((AsyncEventingBasicConsumer)sender).Channel.BasicNackAsync(args.DeliveryTag, multiple: false, requeue: false).ConfigureAwait(false);
            return;
        }

        if (!args.Redelivered)
        {
            Interlocked.Increment(ref _receivedFresh);
        }

        try
        {
            _received.TryPut(new Delivery<T>(item, args.DeliveryTag, args.Redelivered)); // unbounded: never full
        }
        catch (QueueShutDownException)
        {
            // Arrived between Complete and the broker's cancel-ok: back to the queue for another worker.
            await ((AsyncEventingBasicConsumer)sender).Channel.BasicNackAsync(args.DeliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
            return;
        }

        int count = _received.Count;
        int peak;
        while (count > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, count, peak) != peak)
        {
        }
    }

    /// <summary>
    /// After Complete: what this process published into the queue must still reach a worker. The
    /// consumer stays until every such message was delivered, to this process (as many first
    /// deliveries as publishes) or to any (the broker has none ready); then it is cancelled, and
    /// the local buffer ends once the broker's cancel-ok has come, after the last delivery.
    /// </summary>
    private async Task DrainThenStopAsync()
    {
        try
        {
            while (_consumer is not null && Interlocked.Read(ref _receivedFresh) < Interlocked.Read(ref _published))
            {
                (long ready, _) = await _factory.PeekAsync(_queue, CancellationToken.None).ConfigureAwait(false);
                if (ready == 0 || Volatile.Read(ref _completed) == 2)
                {
                    break;
                }

                await Task.Delay(20).ConfigureAwait(false);
            }

            if (Volatile.Read(ref _completed) != 2 && _consumer is { } channel && _consumerTag is { } tag && _unregistered is { } unregistered)
            {
                await channel.BasicCancelAsync(tag).ConfigureAwait(false);
                await unregistered.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // A background task: it reports and ends, it never faults.
            RabbitMqLog.StoppedConsumingUnconfirmed(_factory.Logger, _queue, exception.Message);
        }
        finally
        {
            _received.Shutdown(); // what is here is still handed out, then dequeuers end
        }
    }

    private void StopConsuming()
    {
        if (_consumer is { } channel && _consumerTag is { } tag)
        {
            Track(channel.BasicCancelAsync(tag), "stop consuming");
        }
    }

    private void Track(Task task, string what)
    {
        lock (_settling)
        {
            _settling.RemoveAll(t => t.IsCompleted);
            _settling.Add(task);
        }

        _ = task.ContinueWith(
            t => RabbitMqLog.SettleFailed(_factory.Logger, what, _queue, t.Exception!.InnerException!.Message),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
