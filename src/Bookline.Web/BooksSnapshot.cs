using Bookline.Library.Catalog;

namespace Bookline.Web;

/// <summary>The catalog's present books, in the orders the feeds list them (<see cref="BookList"/>'s).</summary>
internal sealed class BooksSnapshot
{
    public BooksSnapshot(IReadOnlyList<CatalogBook> books)
    {
        ById = books.ToDictionary(b => b.Id);
        ByTitle = BookList.Select(books, order: BookOrder.Title);
        Recent = [.. BookList.Select(books, order: BookOrder.Added).Reverse()];
        Updated = books.Count > 0 ? books.Max(b => b.ModifiedUtc) : DateTimeOffset.UnixEpoch;
    }

    public IReadOnlyDictionary<long, CatalogBook> ById { get; }

    /// <summary>By title, as a librarian files it.</summary>
    public IReadOnlyList<CatalogBook> ByTitle { get; }

    /// <summary>The last added first.</summary>
    public IReadOnlyList<CatalogBook> Recent { get; }

    /// <summary>When the most recently changed book changed.</summary>
    public DateTimeOffset Updated { get; }
}
