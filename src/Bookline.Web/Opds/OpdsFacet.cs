using Bookline.Library.Catalog;

namespace Bookline.Web.Opds;

/// <summary>A way to browse the books by one of their properties (author, series, shelf …): its values, and each value's books in order.</summary>
/// <param name="Name">The facet's path segment and id part (authors, series …).</param>
/// <param name="Title">How the root lists it.</param>
/// <param name="Values">A book's values for it (none, one or several).</param>
/// <param name="Order">How a value's books are ordered (series by their number, the rest by title).</param>
internal sealed record OpdsFacet(string Name, string Title, Func<CatalogBook, IEnumerable<string>> Values, Func<IEnumerable<CatalogBook>, IEnumerable<CatalogBook>> Order)
{
    private static IEnumerable<CatalogBook> ByTitle(IEnumerable<CatalogBook> books) => BookList.Select(books, order: BookOrder.Title);

    /// <summary>Every facet the root links to.</summary>
    public static readonly OpdsFacet[] All =
    [
        new("authors", "By author", BookList.AuthorsOf, ByTitle),
        new("series", "By series", b => b.Metadata.Series is { } s ? [s] : [], books => BookList.Select(books, order: BookOrder.Series)),
        new("shelves", "By shelf", b => [b.Shelf], ByTitle),
        new("tags", "By tag", b => b.Metadata.Tags, ByTitle),
        new("formats", "By format", b => b.AllFiles.Select(f => f.Format.ToUpperInvariant()).Distinct(StringComparer.Ordinal), ByTitle),
        new("languages", "By language", b => b.Metadata.Languages.Count > 0 ? b.Metadata.Languages : b.Language is { } l ? [l] : [], ByTitle),
    ];

    /// <summary>
    /// A value as a catch-all route gives it: Kestrel decodes every escape in a path but <c>%2F</c>, which would otherwise
    /// split it, so a tag such as "Sea/Tides" arrives as <c>Sea%2FTides</c> (or as Sea/Tides, when a client sent the slash).
    /// </summary>
    public static string FromRoute(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The facet's values with how many books have each, by value.</summary>
    public IReadOnlyList<(string Value, int Count)> Counts(IEnumerable<CatalogBook> books) =>
    [
        .. books.SelectMany(b => Values(b).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal))
            .GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderBy(c => c.Key, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Key, StringComparer.Ordinal),
    ];

    /// <summary>The books with the value, in the facet's order.</summary>
    public IReadOnlyList<CatalogBook> Books(IEnumerable<CatalogBook> books, string value) => [.. Order(books.Where(b => Values(b).Contains(value, StringComparer.Ordinal)))];
}
