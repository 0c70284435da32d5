using System.CommandLine;
using Bookline.Library.Scanning;
using Bookline.Transports.RabbitMq;
using RabbitMQ.Client.Exceptions;

namespace Bookline.Cli.Commands;

/// <summary>The --broker option, and connecting to the broker it names.</summary>
internal static class BrokerOption
{
    public static Option<string> CreatePrefix() => new("--queue-prefix")
    {
        Description = "Names this scan's queues on the broker (PREFIX.scan, PREFIX.index, PREFIX.catalog): the scan and its workers must share it; different prefixes keep libraries apart.",
        DefaultValueFactory = _ => "bookline",
    };

    public static Option<Uri?> Create(string description) => new("--broker")
    {
        Description = description + $" amqp://user:password@host:port/vhost; without a user, {RabbitMqWorkQueueFactory.UserVariable} and {RabbitMqWorkQueueFactory.PasswordVariable} are read.",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "amqp" or "amqps" && uri.Host.Length > 0)
            {
                return uri;
            }

            result.AddError($"--broker: '{Redact(text)}' is not a broker address; write amqp://user:password@host:port/vhost.");
            return null;
        },
    };

    /// <summary>
    /// Connects, or says in one line why not (never with the password). With a <paramref name="patience"/>,
    /// a broker that does not answer yet (it restarts) is tried again for that long, said once on
    /// <paramref name="log"/>; refused credentials fail at once.
    /// </summary>
    public static async Task<RabbitMqWorkQueueFactory> ConnectAsync(Uri broker, string prefix, TextWriter log, CancellationToken cancellationToken, TimeSpan patience = default)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        TimeSpan delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await ConnectOnceAsync(broker, prefix, log, cancellationToken);
            }
            catch (UserException exception) when (exception.InnerException is BrokerUnreachableException { InnerException: not AuthenticationFailureException }
                && System.Diagnostics.Stopwatch.GetElapsedTime(started) + delay < patience)
            {
                if (delay == TimeSpan.FromMilliseconds(250))
                {
                    log.WriteLine($"{exception.Message.TrimEnd('.')}; trying again for up to {patience.TotalSeconds:0} s.");
                }

                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private static async Task<RabbitMqWorkQueueFactory> ConnectOnceAsync(Uri broker, string prefix, TextWriter log, CancellationToken cancellationToken)
    {
        var options = new RabbitMqTransportOptions
        {
            QueuePrefix = prefix,
            Logger = new LineLogger(log),
            // Shelf priorities (lower is sooner) become broker priorities (higher is sooner).
            PriorityOf = static item => item is FoundBook book ? ShelfPriorities.ToBrokerPriority(book.Priority) : (byte)0,
        };
        try
        {
            return await RabbitMqWorkQueueFactory.ConnectAsync(broker, options, cancellationToken);
        }
        catch (BrokerUnreachableException exception)
        {
            string cause = exception.InnerException?.Message ?? exception.Message;
            throw new UserException($"Cannot reach the broker at {BrokerAddress.Redact(broker)}: {cause}", exception);
        }
    }

    private static string Redact(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.UserInfo.Length > 0 ? BrokerAddress.Redact(uri) : text;
}
