using RabbitMQ.Client;

namespace Bookline.Transports.RabbitMq;

/// <summary>
/// A channel for publishing and the connection's epoch it was opened in. After the connection drops, the client's automatic
/// recovery reopens the same channel object, but the broker numbers the confirms of a reopened channel from 1 again while
/// the client's confirm tracking may still hold publishes from before: a confirm could then complete the wrong publish, and
/// a message the broker never kept would count as sent. A channel from an earlier epoch is therefore never published on.
/// </summary>
/// <param name="Channel">The channel, with publisher confirms tracked.</param>
/// <param name="Epoch">Cancelled when the publishing connection dropped after the channel was opened.</param>
internal sealed record PublishingChannel(IChannel Channel, CancellationToken Epoch)
{
    /// <summary>True once the connection dropped after this channel was opened.</summary>
    public bool IsStale => Epoch.IsCancellationRequested;
}
