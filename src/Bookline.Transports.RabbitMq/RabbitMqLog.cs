using Microsoft.Extensions.Logging;

namespace Bookline.Transports.RabbitMq;

/// <summary>What the transport tells <see cref="RabbitMqTransportOptions.Logger"/> about the broker, as source-generated messages.</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(1, LogLevel.Warning, "Could not {Settle} a delivery of '{Queue}' ({Cause}); the broker delivers it again.")]
    public static partial void SettleFailed(ILogger logger, string settle, string queue, string cause);

    [LoggerMessage(2, LogLevel.Warning, "The queue '{Queue}' exists with other settings than this process's ({Cause}); using it as it is. A queue an earlier Bookline declared with x-max-length can lose messages to it when the broker restarts: delete it while it is empty (rabbitmqctl delete_queue) and it is declared anew.")]
    public static partial void QueueSettingsDiffer(ILogger logger, string queue, string cause);

    [LoggerMessage(3, LogLevel.Warning, "A message in '{Queue}' is not a {Type} ({Cause}); it goes to the dead letters.")]
    public static partial void NotAnItem(ILogger logger, string queue, string type, string cause);

    [LoggerMessage(4, LogLevel.Warning, "Stopped consuming '{Queue}' without the broker's word ({Cause}); anything left there waits for another worker.")]
    public static partial void StoppedConsumingUnconfirmed(ILogger logger, string queue, string cause);

    [LoggerMessage(5, LogLevel.Warning, "The broker blocks publishing: {Reason}. Publishes wait (each at most {Seconds:0} s) until it clears.")]
    public static partial void Blocked(ILogger logger, string reason, double seconds);

    [LoggerMessage(6, LogLevel.Information, "The broker publishes again.")]
    public static partial void Unblocked(ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "Reconnected to the broker.")]
    public static partial void Reconnected(ILogger logger);

    [LoggerMessage(8, LogLevel.Warning, "Could not start consuming '{Queue}' ({Cause}); trying again until the broker answers.")]
    public static partial void SetUpRetried(ILogger logger, string queue, string cause);
}
