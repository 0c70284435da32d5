namespace Bookline.Library.Catalog;

/// <summary>Narrows a search; null fields do not filter.</summary>
/// <param name="Shelf">Only books on this shelf.</param>
/// <param name="Format">Only books of this format (txt, html, epub, pdf).</param>
/// <param name="Author">Only books whose author contains this text (any case).</param>
public sealed record SearchFilter(string? Shelf = null, string? Format = null, string? Author = null);
