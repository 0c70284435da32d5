namespace Bookline.Library.Search;

/// <summary>A book matches when it matches at least one part (<c>OR</c>).</summary>
/// <param name="Parts">Two or more parts.</param>
public sealed record AnyQuery(IReadOnlyList<QueryNode> Parts) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => string.Join(" OR ", Parts.Select(p => p is AllQuery ? $"({p})" : p.ToString()));

    /// <inheritdoc />
    public bool Equals(AnyQuery? other) => other is not null && Parts.SequenceEqual(other.Parts);

    /// <inheritdoc />
    public override int GetHashCode() => Parts.Count == 0 ? 0 : HashCode.Combine(Parts.Count, Parts[0]);
}
