namespace Bookline.Library.Catalog;

/// <summary>One search result, best first.</summary>
/// <param name="Id">The book's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Author">Its author, when known.</param>
/// <param name="Shelf">Its shelf.</param>
/// <param name="Format">Its format.</param>
/// <param name="Path">Its file, relative to the library.</param>
/// <param name="Snippet">The best matching passage; matched words are wrapped in <see cref="SqliteCatalog.HighlightStart"/> and <see cref="SqliteCatalog.HighlightEnd"/>.</param>
/// <param name="Rank">bm25 relevance: lower is better.</param>
public sealed record SearchHit(long Id, string Title, string? Author, string Shelf, string Format, string Path, string Snippet, double Rank);
