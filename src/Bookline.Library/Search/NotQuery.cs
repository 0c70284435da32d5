namespace Bookline.Library.Search;

/// <summary>A book matches when it does not match the part (<c>-word</c>, <c>NOT word</c>).</summary>
/// <param name="Part">What to exclude.</param>
public sealed record NotQuery(QueryNode Part) : QueryNode
{
    /// <inheritdoc />
    public override string ToString() => "-" + (Part is AllQuery or AnyQuery ? $"({Part})" : Part.ToString());
}
