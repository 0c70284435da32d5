using System.Globalization;
using System.Text;

namespace Bookline.Library.Catalog;

/// <summary>Lists and compares the catalog's books: filters, orders, and the duplicates a librarian wants to know of.</summary>
public static class BookList
{
    private static readonly string[] Articles = ["the ", "a ", "an "];

    /// <summary>The books that pass the filter, in the order asked for.</summary>
    /// <param name="books">Books, as <see cref="ICatalogReader.BooksAsync"/> gives them.</param>
    /// <param name="filter">What to keep; null keeps all.</param>
    /// <param name="order">The order.</param>
    /// <returns>The list.</returns>
    public static IReadOnlyList<CatalogBook> Select(IEnumerable<CatalogBook> books, BookListFilter? filter = null, BookOrder order = BookOrder.Title)
    {
        ArgumentNullException.ThrowIfNull(books);
        filter ??= new BookListFilter();
        IEnumerable<CatalogBook> kept = books.Where(b =>
            (filter.Shelf is null || b.Shelf == filter.Shelf)
            && (filter.Author is null || AuthorsOf(b).Any(a => Contains(a, filter.Author)))
            && (filter.Series is null || (b.Metadata.Series is { } series && Contains(series, filter.Series)))
            && (filter.Format is null || b.AllFiles.Any(f => string.Equals(f.Format, filter.Format, StringComparison.OrdinalIgnoreCase))));
        return order switch
        {
            BookOrder.Author => [.. kept.OrderBy(AuthorSort, StringComparer.OrdinalIgnoreCase).ThenBy(TitleSort, StringComparer.OrdinalIgnoreCase).ThenBy(b => b.Id)],
            BookOrder.Added => [.. kept.OrderBy(b => b.Id)],
            BookOrder.Series => [.. kept.OrderBy(b => b.Metadata.Series is null).ThenBy(b => b.Metadata.Series, StringComparer.OrdinalIgnoreCase)
                .ThenBy(b => b.Metadata.SeriesIndex ?? double.MaxValue).ThenBy(TitleSort, StringComparer.OrdinalIgnoreCase).ThenBy(b => b.Id)],
            _ => [.. kept.OrderBy(TitleSort, StringComparer.OrdinalIgnoreCase).ThenBy(b => b.Id)],
        };
    }

    /// <summary>
    /// Files with the same content (SHA-256) in several places, and books with the same title and
    /// authors (compared without case, accents, punctuation or word order) that were not grouped into one.
    /// </summary>
    /// <param name="books">Books, as <see cref="ICatalogReader.BooksAsync"/> gives them.</param>
    /// <returns>The duplicates, largest groups first.</returns>
    public static CatalogDuplicates Duplicates(IReadOnlyList<CatalogBook> books)
    {
        ArgumentNullException.ThrowIfNull(books);
        List<DuplicateFiles> files = [.. books.SelectMany(b => b.AllFiles)
            .GroupBy(f => f.Sha256, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new DuplicateFiles(g.Key, g.First().Bytes, [.. g.Select(f => f.Path).Order(StringComparer.Ordinal)]))
            .OrderByDescending(d => d.Paths.Count).ThenBy(d => d.Paths[0], StringComparer.Ordinal)];
        List<DuplicateBooks> same = [.. books
            .GroupBy(b => Normalize(b.Title) + "\u0001" + string.Join('\u0002', AuthorsOf(b).Select(NormalizeName).Order(StringComparer.Ordinal)), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new DuplicateBooks(g.First().Title, AuthorsOf(g.First()), [.. g.OrderBy(b => b.Id)]))
            .OrderByDescending(d => d.Books.Count).ThenBy(d => d.Title, StringComparer.OrdinalIgnoreCase)];
        return new CatalogDuplicates(files, same);
    }

    /// <summary>A book's authors: its metadata's, or the one its record names.</summary>
    /// <param name="book">The book.</param>
    /// <returns>The authors, possibly none.</returns>
    public static IReadOnlyList<string> AuthorsOf(CatalogBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.Metadata.Authors.Count > 0 ? book.Metadata.Authors : book.Author is { } author ? [author] : [];
    }

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase) || Normalize(text).Contains(Normalize(part), StringComparison.Ordinal);

    private static string TitleSort(CatalogBook book)
    {
        string title = book.Title.TrimStart();
        string? article = Articles.FirstOrDefault(a => title.StartsWith(a, StringComparison.OrdinalIgnoreCase) && title.Length > a.Length);
        return article is null ? title : title[article.Length..];
    }

    private static string AuthorSort(CatalogBook book)
    {
        if (book.Metadata.AuthorSort is { } sort)
        {
            return sort;
        }

        IReadOnlyList<string> authors = AuthorsOf(book);
        if (authors.Count == 0)
        {
            return "\uffff"; // books by no one known come last
        }

        if (authors[0].Contains(',', StringComparison.Ordinal))
        {
            return authors[0]; // "Austen, Jane" sorts as it stands
        }

        string[] words = authors[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 ? $"{words[^1]}, {string.Join(' ', words[..^1])}" : authors[0];
    }

    /// <summary>Lower case, accents and punctuation gone, spaces collapsed.</summary>
    private static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (space && result.Length > 0)
                {
                    result.Append(' ');
                }

                result.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return result.ToString();
    }

    /// <summary>A name normalised with its words in order: "Austen, Jane" and "Jane Austen" are one.</summary>
    private static string NormalizeName(string name) => string.Join(' ', Normalize(name).Split(' ').Order(StringComparer.Ordinal));
}
