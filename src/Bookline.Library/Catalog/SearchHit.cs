namespace Bookline.Library.Catalog;

/// <summary>One search result, best first.</summary>
/// <param name="Id">The book's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Author">Its author, when known.</param>
/// <param name="Shelf">Its shelf.</param>
/// <param name="Format">Its format.</param>
/// <param name="Path">Its file, relative to the library.</param>
/// <param name="Snippet">The best matching passage (and one for each looked-for word it lacks), as plain text; the title when the words matched only the metadata.</param>
/// <param name="Rank">Relevance within one search: lower is better.</param>
public sealed record SearchHit(long Id, string Title, string? Author, string Shelf, string Format, string Path, string Snippet, double Rank)
{
    /// <summary>
    /// The matched words in <see cref="Snippet"/>, in order and apart. They are ranges, not marks in
    /// the text, so no character of a book can pass for one.
    /// </summary>
    public IReadOnlyList<Highlight> Highlights { get; init; } = [];

    /// <summary>The store's number for the passage that ranked it, when one passage has every word the query looks for: the snippet quotes it.</summary>
    internal long? BestPassage { get; init; }

    /// <summary>Whether the book matches only with a typo of the query corrected (such hits come after every exact one).</summary>
    public bool IsCorrected { get; init; }

    /// <summary>The text of each matched word in the snippet, in order.</summary>
    /// <returns>The words.</returns>
    public IEnumerable<string> MatchedWords() => Highlights.Select(h => Snippet.Substring(h.Start, h.Length));
}
