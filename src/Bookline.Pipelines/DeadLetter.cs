namespace Bookline.Pipelines;

/// <summary>An item that failed its last attempt at a stage.</summary>
/// <param name="Stage">The stage where it failed.</param>
/// <param name="Item">The item as the stage received it.</param>
/// <param name="Attempts">How many times the stage tried it.</param>
/// <param name="Exception">The last failure.</param>
/// <param name="TimedOut">The time limit after which the last attempt was stopped, when that is why it failed.</param>
public sealed record DeadLetter(string Stage, object? Item, int Attempts, Exception Exception, TimeSpan? TimedOut)
{
    /// <summary>Why the item failed, in one line.</summary>
    public string Reason => TimedOut is { } limit
        ? $"timed out after {limit}"
        : $"{Exception.GetType().Name}: {Exception.Message}";
}
