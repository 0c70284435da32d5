using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Web.Opds;

namespace Bookline.Web.Tests.Opds;

/// <summary>The values a facet lists and the order of a value's books.</summary>
public sealed class OpdsFacetTests
{
    [Fact]
    public void ASeriesListsItsBooksByTheirNumberThenTheUnnumberedByTitle()
    {
        OpdsFacet series = OpdsFacet.All.Single(f => f.Name == "series");
        CatalogBook[] books =
        [
            Book(1, "Persuasion", "Novels", 6), Book(2, "Emma", "Novels", 4), Book(3, "Lady Susan", "Novels", null),
            Book(4, "Sense and Sensibility", "Novels", 1), Book(5, "Moby Dick", null, null), Book(6, "Northanger Abbey", "Novels", 5.5),
        ];

        Assert.Equal(["Sense and Sensibility", "Emma", "Northanger Abbey", "Persuasion", "Lady Susan"], series.Books(books, "Novels").Select(b => b.Title));
        Assert.Equal([("Novels", 5)], series.Counts(books));
    }

    private static CatalogBook Book(long id, string title, string? series, double? index) =>
        new("shelf", $"shelf/{id}.txt", "txt", title, null, null, null, 1, 1, "00", DateTimeOffset.UnixEpoch, null, null)
        {
            Id = id,
            Metadata = new BookMetadata { Title = title, Series = series, SeriesIndex = index },
        };
}
