namespace Bookline.Transports.RabbitMq;

/// <summary>Broker addresses as they may be shown: never with a password.</summary>
public static class BrokerAddress
{
    /// <summary>The address without its user information ("amqp://host:port/vhost").</summary>
    /// <param name="broker">An amqp:// or amqps:// address, with or without credentials.</param>
    /// <returns>The address, safe to print.</returns>
    public static string Redact(Uri broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return new UriBuilder(broker) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
    }
}
