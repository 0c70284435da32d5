namespace Bookline.Web.Pages;

/// <summary>The search page: the form as sent, and the hits of this page, or why there are none.</summary>
/// <param name="Base">The app's base path.</param>
/// <param name="Query">The query as typed.</param>
/// <param name="Shelf">The shelf filter.</param>
/// <param name="Format">The format filter.</param>
/// <param name="Author">The author filter.</param>
/// <param name="Exact">Whether typo tolerance is off.</param>
/// <param name="Searched">Whether a search was made (a query was given).</param>
/// <param name="Hits">This page's hits.</param>
/// <param name="Start">The number of this page's first hit, from 1.</param>
/// <param name="Notes">What the search changed in the query, and why.</param>
/// <param name="Suggestion">The query with typos corrected, and its address; null for none.</param>
/// <param name="Error">Why the search was not made; null when it was.</param>
/// <param name="Previous">The previous page of hits; null on the first.</param>
/// <param name="Next">The next page of hits; null on the last.</param>
internal sealed record SearchModel(
    string Base,
    string? Query,
    string? Shelf,
    string? Format,
    string? Author,
    bool Exact,
    bool Searched,
    IReadOnlyList<SearchHitView> Hits,
    int Start,
    IReadOnlyList<string> Notes,
    (string Text, string Href)? Suggestion,
    string? Error,
    string? Previous,
    string? Next);
