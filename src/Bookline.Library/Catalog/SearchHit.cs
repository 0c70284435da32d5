namespace Bookline.Library.Catalog;

/// <summary>One search result, best first.</summary>
/// <param name="Id">The book's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Author">Its author, when known.</param>
/// <param name="Shelf">Its shelf.</param>
/// <param name="Format">Its format.</param>
/// <param name="Path">Its file, relative to the library.</param>
/// <param name="Snippet">The best matching passage; matched words are wrapped in <see cref="HighlightStart"/> and <see cref="HighlightEnd"/>.</param>
/// <param name="Rank">Relevance: lower is better (bm25 in SQLite, minus ts_rank in PostgreSQL).</param>
public sealed record SearchHit(long Id, string Title, string? Author, string Shelf, string Format, string Path, string Snippet, double Rank)
{
    /// <summary>Marks the start of a matched word in <see cref="Snippet"/>.</summary>
    public const string HighlightStart = "\u0002";

    /// <summary>Marks the end of a matched word in <see cref="Snippet"/>.</summary>
    public const string HighlightEnd = "\u0003";
}
