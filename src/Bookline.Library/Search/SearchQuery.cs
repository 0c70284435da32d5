namespace Bookline.Library.Search;

/// <summary>
/// A query in Bookline's query language, parsed once and compiled for each store: words (all must
/// match), <c>"exact phrases"</c>, <c>OR</c>, <c>-word</c> or <c>NOT word</c>, <c>prefix*</c>,
/// <c>NEAR(a b, 5)</c>, parentheses, and the fields <c>title:</c>, <c>author:</c>, <c>series:</c>,
/// <c>tag:</c>, <c>filename:</c>, <c>shelf:</c>, <c>format:</c>, <c>lang:</c>, <c>isbn:</c> and
/// <c>year:1850..1900</c>. No text is an error: what cannot be read as an operator is a word.
/// </summary>
public sealed class SearchQuery
{
    private SearchQuery(string text, QueryNode? root, IReadOnlyList<string> notes)
    {
        Text = text;
        Root = root;
        Notes = notes;
    }

    /// <summary>The query as typed.</summary>
    public string Text { get; }

    /// <summary>The parsed query; null when it has nothing to search for (only symbols, or empty).</summary>
    public QueryNode? Root { get; }

    /// <summary>What the parser changed and the user should know: a query cut for its length, terms dropped.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Parses a query; never throws.</summary>
    /// <param name="text">The query as a user typed it; null is empty.</param>
    /// <returns>The parsed query.</returns>
    public static SearchQuery Parse(string? text)
    {
        (QueryNode? root, IReadOnlyList<string> notes) = QueryParser.Parse(text ?? string.Empty);
        return new SearchQuery(text ?? string.Empty, root, notes);
    }

    /// <summary>The query as the parser understood it, in the query language.</summary>
    /// <returns>The canonical text; empty when there is nothing to search for.</returns>
    public override string ToString() => Root?.ToString() ?? string.Empty;
}
