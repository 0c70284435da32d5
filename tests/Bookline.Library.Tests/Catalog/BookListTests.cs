using Bookline.Library.Catalog;
using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Catalog;

public sealed class BookListTests
{
    private static readonly CatalogBook[] Books =
    [
        Book(1, "The Colour of Magic", ["Terry Pratchett"], "Discworld", 1, "epub"),
        Book(2, "Emma", ["Jane Austen"], null, null, "txt"),
        Book(3, "Guards! Guards!", ["Terry Pratchett"], "Discworld", 8, "pdf"),
        Book(4, "An Essay", [], null, null, "txt"),
        Book(5, "ÉMMA", ["Austen, Jane"], null, null, "epub"),
    ];

    [Fact]
    public void TitlesSortWithoutTheirArticlesAuthorsByLastNameAndSeriesByPlace()
    {
        Assert.Equal([1, 2, 4, 3, 5], Ids(BookList.Select(Books, order: BookOrder.Title)));
        Assert.Equal([1, 3, 2, 4, 5], Ids(BookList.Select(Books, order: BookOrder.Series)));
        Assert.Equal([2, 5, 1, 3, 4], Ids(BookList.Select(Books, order: BookOrder.Author)));
        Assert.Equal([1, 2, 3, 4, 5], Ids(BookList.Select(Books, order: BookOrder.Added)));
    }

    [Fact]
    public void FiltersMatchAnyCaseAndAccent()
    {
        Assert.Equal([1, 3], Ids(BookList.Select(Books, new BookListFilter(Author: "PRATCHETT"), BookOrder.Added)));
        Assert.Equal([3], Ids(BookList.Select(Books, new BookListFilter(Series: "disc", Format: "pdf"), BookOrder.Added)));
        Assert.Empty(BookList.Select(Books, new BookListFilter(Shelf: "elsewhere")));
    }

    [Fact]
    public void TheSameTitleAndAuthorsApartAreDuplicatesAndSoIsTheSameFileTwice()
    {
        CatalogDuplicates duplicates = BookList.Duplicates(Books);

        DuplicateBooks emma = Assert.Single(duplicates.Books);
        Assert.Equal([2, 5], emma.Books.Select(b => b.Id));
        Assert.Equal(["shelf/3.pdf", "shelf/4.txt"], Assert.Single(duplicates.Files).Paths); // the same content, made up below
    }

    private static IEnumerable<long> Ids(IEnumerable<CatalogBook> books) => books.Select(b => b.Id);

    private static CatalogBook Book(long id, string title, string[] authors, string? series, double? index, string format) =>
        new("shelf", $"shelf/{id}.{format}", format, title, authors.FirstOrDefault(), "en", null, 10, 100, id is 3 or 4 ? "same" : $"sha{id}", DateTimeOffset.UnixEpoch, null, null)
        {
            Id = id,
            Metadata = new BookMetadata { Title = title, Authors = authors, Series = series, SeriesIndex = index },
        };
}
