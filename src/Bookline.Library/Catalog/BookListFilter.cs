namespace Bookline.Library.Catalog;

/// <summary>Narrows a list of books; null parts do not filter; text parts match any case, anywhere.</summary>
/// <param name="Shelf">Only books on this shelf (exactly).</param>
/// <param name="Author">Only books one of whose authors contains this.</param>
/// <param name="Series">Only books whose series contains this.</param>
/// <param name="Format">Only books that have a file of this format (epub, pdf …).</param>
public sealed record BookListFilter(string? Shelf = null, string? Author = null, string? Series = null, string? Format = null);
