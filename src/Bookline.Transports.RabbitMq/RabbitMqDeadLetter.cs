namespace Bookline.Transports.RabbitMq;

/// <summary>A message in a stage's dead-letter queue, as it was when it was given up.</summary>
/// <param name="Stage">The stage that gave it up.</param>
/// <param name="Body">The message: the item, serialized.</param>
/// <param name="Reason">The broker's reason ("rejected" after the last attempt, "expired", "maxlen"), when it says.</param>
public sealed record RabbitMqDeadLetter(string Stage, ReadOnlyMemory<byte> Body, string? Reason);
