using Bookline.Library.Catalog;

namespace Bookline.Library.Tests.Catalog;

public sealed class SqliteCatalogTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ANewCatalogIsCreatedAtTheCurrentSchemaVersion()
    {
        using SqliteCatalog catalog = Open();
        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, catalog.SchemaVersion);
        Assert.Equal(0, catalog.GetStatus().Books);
    }

    [Fact]
    public void ReopeningKeepsTheBooks()
    {
        using (SqliteCatalog catalog = Open())
        {
            catalog.Write([(Book("a/whale.txt", "The Whale"), "Call me Ishmael")]);
        }

        using SqliteCatalog again = Open();
        Assert.Equal(1, again.GetStatus().Books);
        Assert.Equal("The Whale", again.FindByPath("a/whale.txt")!.Title);
    }

    [Fact]
    public void SearchRanksBetterMatchesFirstAndHighlightsTheWords()
    {
        using SqliteCatalog catalog = Open();
        catalog.Write(
        [
            (Book("sea/whale.txt", "The Whale"), "whales whales whales, and the sea where whales swim"),
            (Book("sea/boat.txt", "A Boat"), "a boat passed a whale once, far away, on a grey morning"),
            (Book("land/cows.txt", "Cows"), "cows in a meadow"),
        ]);

        IReadOnlyList<SearchHit> hits = catalog.Search("whale");

        Assert.Equal(["The Whale", "A Boat"], hits.Select(h => h.Title));
        Assert.Contains(SqliteCatalog.HighlightStart + "whale", hits[0].Snippet, StringComparison.Ordinal);
        Assert.True(hits[0].Rank < hits[1].Rank);
    }

    [Fact]
    public void StemmingAndDiacriticsAreFolded()
    {
        using SqliteCatalog catalog = Open();
        catalog.Write([(Book("x/cafe.txt", "Notes"), "the café was running")]);
        Assert.Single(catalog.Search("cafe"));
        Assert.Single(catalog.Search("runs"));
    }

    [Fact]
    public void FiltersNarrowBySheflFormatAndAuthor()
    {
        using SqliteCatalog catalog = Open();
        catalog.Write(
        [
            (Book("fiction/a.txt", "A", shelf: "fiction", author: "Jane Austen"), "a garden party"),
            (Book("poetry/b.epub", "B", shelf: "poetry", format: "epub", author: "William Blake"), "a garden of love"),
        ]);
        Assert.Equal("B", Assert.Single(catalog.Search("garden", new SearchFilter(Shelf: "poetry"))).Title);
        Assert.Equal("B", Assert.Single(catalog.Search("garden", new SearchFilter(Format: "epub"))).Title);
        Assert.Equal("A", Assert.Single(catalog.Search("garden", new SearchFilter(Author: "austen"))).Title);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("AND")]
    [InlineData("whale OR")]
    public void AMalformedQueryGetsAClearMessage(string query)
    {
        using SqliteCatalog catalog = Open();
        catalog.Write([(Book("a.txt", "A"), "whale")]);
        var error = Assert.Throws<CatalogQueryException>(() => catalog.Search(query));
        Assert.StartsWith($"Cannot search for '{query}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QueriesAreParametersNeverSql()
    {
        using SqliteCatalog catalog = Open();
        catalog.Write([(Book("a.txt", "A"), "whale")]);
        Assert.Empty(catalog.Search("\"x'); DROP TABLE books; --\""));
        Assert.Equal(1, catalog.GetStatus().Books);
    }

    [Fact]
    public void RewritingABookReplacesItsRowAndItsText()
    {
        using SqliteCatalog catalog = Open();
        long first = catalog.Write([(Book("a.txt", "Old"), "ancient words")])[0];
        long second = catalog.Write([(Book("a.txt", "New"), "modern words")])[0];
        Assert.Equal(first, second);
        Assert.Empty(catalog.Search("ancient"));
        Assert.Equal("New", Assert.Single(catalog.Search("modern")).Title);
        Assert.Equal(1, catalog.GetStatus().Books);
    }

    [Fact]
    public void FailuresAreRecordedAndClearedWhenTheFileIsCatalogedLater()
    {
        using SqliteCatalog catalog = Open();
        catalog.RecordFailure(new CatalogFailure("b/locked.pdf", "b", "scan", "encrypted PDF: it needs a password to open", 1, DateTimeOffset.UtcNow));
        Assert.Equal("encrypted PDF: it needs a password to open", Assert.Single(catalog.Failures()).Reason);
        Assert.Equal(1, catalog.GetStatus().Failures);
        catalog.Write([(Book("b/locked.pdf", "Unlocked"), "text")]);
        Assert.Empty(catalog.Failures());
    }

    [Fact]
    public void StatusCountsByShelfAndFormat()
    {
        using SqliteCatalog catalog = Open();
        catalog.Write(
        [
            (Book("a/1.txt", "1", shelf: "a"), "x"),
            (Book("a/2.pdf", "2", shelf: "a", format: "pdf"), "x"),
            (Book("b/3.txt", "3", shelf: "b"), "x"),
        ]);
        CatalogStatus status = catalog.GetStatus();
        Assert.Equal(3, status.Books);
        Assert.Equal(2, status.ByShelf["a"]);
        Assert.Equal(2, status.ByFormat["txt"]);
    }

    private SqliteCatalog Open() => SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));

    private static CatalogBook Book(string path, string title, string shelf = "shelf", string format = "txt", string? author = null) =>
        new(shelf, path, format, title, author, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null);
}
