namespace Bookline.Cli.Demos;

/// <summary>A book and its priority, ordered by priority only (lower first), like the story's dataclass.</summary>
internal sealed record PrioritizedBook(int Priority, string BookId) : IComparable<PrioritizedBook>
{
    public int CompareTo(PrioritizedBook? other) => other is null ? 1 : Priority.CompareTo(other.Priority);
}
