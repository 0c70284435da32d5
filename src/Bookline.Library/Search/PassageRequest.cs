namespace Bookline.Library.Search;

/// <summary>A book whose best passage for some leaves of a query is wanted, for its snippet.</summary>
/// <param name="BookId">The book.</param>
/// <param name="Leaves">Words, phrases and proximity groups.</param>
internal sealed record PassageRequest(long BookId, IReadOnlyList<QueryNode> Leaves);
