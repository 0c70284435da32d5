using Bookline.Library.Catalog;
using Bookline.Library.Search;

namespace Bookline.Library.Tests.Search;

/// <summary>Kept search results: given again only at the version they were found at, the least recently asked dropped first.</summary>
public sealed class SearchCacheTests
{
    [Fact]
    public void ResultsAreGivenAgainOnlyForTheSameRequestAtTheSameVersion()
    {
        var cache = new SearchCache();
        var found = new SearchResults([]);
        cache.Add(new SearchRequest("whale"), "1", found);

        Assert.True(cache.TryGet(new SearchRequest("whale"), "1", out SearchResults kept));
        Assert.Same(found, kept);
        Assert.False(cache.TryGet(new SearchRequest("whale"), "2", out _));
        Assert.False(cache.TryGet(new SearchRequest("whale") { Exact = true }, "1", out _));
        Assert.False(cache.TryGet(new SearchRequest("whale") { Limit = 50 }, "1", out _));
        Assert.False(cache.TryGet(new SearchRequest("whale") { Filter = new SearchFilter(Shelf: "sea") }, "1", out _));
        Assert.True(cache.TryGet(new SearchRequest("whale") { Filter = null }, "1", out _));
    }

    [Fact]
    public void WhenFullTheLeastRecentlyAskedIsDropped()
    {
        var cache = new SearchCache { Capacity = 2 };
        cache.Add(new SearchRequest("a"), "1", new SearchResults([]));
        cache.Add(new SearchRequest("b"), "1", new SearchResults([]));
        Assert.True(cache.TryGet(new SearchRequest("a"), "1", out _)); // "b" is now the least recently asked

        cache.Add(new SearchRequest("c"), "1", new SearchResults([]));

        Assert.True(cache.TryGet(new SearchRequest("a"), "1", out _));
        Assert.False(cache.TryGet(new SearchRequest("b"), "1", out _));
        Assert.True(cache.TryGet(new SearchRequest("c"), "1", out _));

        cache.Capacity = 1;
        Assert.False(cache.TryGet(new SearchRequest("a"), "1", out _));
        Assert.True(cache.TryGet(new SearchRequest("c"), "1", out _));
    }

    [Fact]
    public void ANewerResultReplacesTheOldAndNoCapacityKeepsNothing()
    {
        var cache = new SearchCache();
        var newer = new SearchResults([]);
        cache.Add(new SearchRequest("whale"), "1", new SearchResults([]));
        cache.Add(new SearchRequest("whale"), "2", newer);
        Assert.False(cache.TryGet(new SearchRequest("whale"), "1", out _));
        Assert.True(cache.TryGet(new SearchRequest("whale"), "2", out SearchResults kept));
        Assert.Same(newer, kept);

        cache.Capacity = 0;
        cache.Add(new SearchRequest("whale"), "2", newer);
        Assert.False(cache.TryGet(new SearchRequest("whale"), "2", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Capacity = -1);
    }
}
