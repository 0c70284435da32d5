using Bookline.Library.Catalog;

namespace Bookline.Web;

/// <summary>The catalog's present books at one data version, in the orders the feeds list them.</summary>
internal sealed class BooksSnapshot
{
    public BooksSnapshot(string version, IReadOnlyList<CatalogBook> books)
    {
        Version = version;
        ById = books.ToDictionary(b => b.Id);
        ByTitle = [.. books.OrderBy(b => b.Title, StringComparer.OrdinalIgnoreCase).ThenBy(b => b.Id)];
        Recent = [.. books.OrderByDescending(b => b.Id)];
        Updated = books.Count > 0 ? books.Max(b => b.ModifiedUtc) : DateTimeOffset.UnixEpoch;
    }

    /// <summary>The catalog's data version the books were read at.</summary>
    public string Version { get; }

    public IReadOnlyDictionary<long, CatalogBook> ById { get; }

    /// <summary>By title, then id.</summary>
    public IReadOnlyList<CatalogBook> ByTitle { get; }

    /// <summary>The last added first.</summary>
    public IReadOnlyList<CatalogBook> Recent { get; }

    /// <summary>When the most recently changed book changed.</summary>
    public DateTimeOffset Updated { get; }
}
