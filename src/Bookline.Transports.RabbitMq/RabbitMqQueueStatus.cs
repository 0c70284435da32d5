namespace Bookline.Transports.RabbitMq;

/// <summary>A stage's queue as the broker sees it.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Queue">The queue's name on the broker.</param>
/// <param name="Ready">Messages waiting for a worker (not counting the ones delivered and not yet settled).</param>
/// <param name="Consumers">Processes consuming the queue.</param>
/// <param name="DeadLetters">Messages in the stage's dead-letter queue.</param>
public sealed record RabbitMqQueueStatus(string Stage, string Queue, long Ready, long Consumers, long DeadLetters);
