namespace Bookline.Library.Search;

/// <summary>A book whose best passage for some leaves of a query is wanted, for its snippet.</summary>
/// <param name="BookId">The book.</param>
/// <param name="Leaves">Words, phrases and proximity groups.</param>
/// <param name="Passage">The passage to quote, when the store already chose it while ranking (<see cref="Catalog.SearchHit.BestPassage"/>).</param>
internal sealed record PassageRequest(long BookId, IReadOnlyList<QueryNode> Leaves, long? Passage = null);
