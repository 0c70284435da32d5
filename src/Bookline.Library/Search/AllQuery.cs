namespace Bookline.Library.Search;

/// <summary>A book matches when it matches every part.</summary>
/// <param name="Parts">Two or more parts.</param>
public sealed record AllQuery(IReadOnlyList<QueryNode> Parts) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Parts.Select(p => p is AnyQuery ? $"({p})" : p.ToString()));

    /// <inheritdoc />
    public bool Equals(AllQuery? other) => other is not null && Parts.SequenceEqual(other.Parts);

    /// <inheritdoc />
    public override int GetHashCode() => Parts.Count == 0 ? 0 : HashCode.Combine(Parts.Count, Parts[0]);
}
