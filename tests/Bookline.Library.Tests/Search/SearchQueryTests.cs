using Bookline.Library.Search;
using CsCheck;

namespace Bookline.Library.Tests.Search;

public sealed class SearchQueryTests
{
    [Theory]
    [InlineData("whale ahab", "whale ahab")]
    [InlineData("Whale  AHAB", "whale ahab")]
    [InlineData("\"white whale\"", "\"white whale\"")]
    [InlineData("whale OR ship", "whale OR ship")]
    [InlineData("whale -ship", "whale -ship")]
    [InlineData("whale NOT ship", "whale -ship")]
    [InlineData("whal*", "whal*")]
    [InlineData("\"white wha\"*", "\"white wha\"*")]
    [InlineData("NEAR(whale ahab, 5)", "NEAR(whale ahab, 5)")]
    [InlineData("NEAR(whale ahab)", "NEAR(whale ahab, 10)")]
    [InlineData("title:whale", "title:whale")]
    [InlineData("Title:\"moby dick\"", "title:\"moby dick\"")]
    [InlineData("title:(whale OR ship) sea", "(title:whale OR title:ship) sea")]
    [InlineData("author:melville", "author:melville")]
    [InlineData("by:melville", "author:melville")]
    [InlineData("series:discworld tag:fantasy filename:moby", "series:discworld tag:fantasy filename:moby")]
    [InlineData("shelf:Sci-Fi format:PDF lang:en", "shelf:Sci-Fi format:PDF lang:en")]
    [InlineData("isbn:978-0-14-243724-7", "isbn:9780142437247")]
    [InlineData("year:1850..1900", "year:1850..1900")]
    [InlineData("year:1900..1850", "year:1850..1900")]
    [InlineData("year:1851", "year:1851")]
    [InlineData("year:..1900", "year:..1900")]
    [InlineData("(a OR b) (c OR d)", "(a OR b) (c OR d)")]
    [InlineData("a AND b", "a b")]
    [InlineData("-(a OR b) c", "-(a OR b) c")]
    [InlineData("- - a", "a")]
    [InlineData("--a", "a")]
    public void QueriesParseToTheirCanonicalForm(string query, string expected) =>
        Assert.Equal(expected, SearchQuery.Parse(query).ToString());

    [Theory]
    [InlineData("warmer elton's fault", "warmer \"elton s\" fault")]
    [InlineData("attired costumes ferry-boats", "attired costumes \"ferry boats\"")]
    [InlineData("apt-get install", "\"apt get\" install")]
    [InlineData("\"unbalanced quote runs to the end", "\"unbalanced quote runs to the end\"")]
    [InlineData("(unclosed group", "unclosed group")]
    [InlineData("stray) parenthesis", "stray parenthesis")]
    [InlineData("OR whale", "or whale")]
    [InlineData("whale OR", "whale or")]
    [InlineData("whale OR OR ship", "(whale or) OR ship")]
    [InlineData("NOT", "not")]
    [InlineData("whale AND", "whale and")]
    [InlineData("title:", "title")]
    [InlineData("note: this", "note this")]
    [InlineData("year:soon", "\"year soon\"")]
    [InlineData("NEAR(whale)", "whale")]
    [InlineData("c++ & c#", "c c")]
    [InlineData("café Ærø", "cafe ærø")]
    public void AnythingTypedIsASearchNeverAnError(string query, string expected) =>
        Assert.Equal(expected, SearchQuery.Parse(query).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! ---")]
    [InlineData("()")]
    [InlineData("\"\"")]
    [InlineData("-")]
    public void AQueryWithoutWordsHasNothingToSearchFor(string query) => Assert.Null(SearchQuery.Parse(query).Root);

    [Fact]
    public void AnOverlongQueryIsCutWithANote()
    {
        SearchQuery query = SearchQuery.Parse(string.Join(' ', Enumerable.Repeat("whale", 400)));
        Assert.Contains(query.Notes, n => n.Contains("cut", StringComparison.Ordinal));
        Assert.Contains(query.Notes, n => n.Contains("32", StringComparison.Ordinal));
        Assert.Equal(32, ((AllQuery)query.Root!).Parts.Count);
    }

    [Fact]
    public void DeeplyNestedParenthesesDoNotOverflow()
    {
        SearchQuery query = SearchQuery.Parse(new string('(', 500) + "whale" + new string(')', 500));
        Assert.Equal("whale", query.ToString());
    }

    [Fact]
    public void NoStringMakesTheParserThrowAndTheCanonicalFormIsStable()
    {
        // Strings from the characters the language gives meaning to, and random Unicode.
        Gen<string> symbols = Gen.String[Gen.Char["abcé \"()-*:ORANDTNEARtitleyear.,|&0123456789"], 0, 60];
        Gen<string> any = Gen.String[Gen.Char, 0, 200];
        Gen.OneOf(symbols, any).Sample(text =>
        {
            SearchQuery query = SearchQuery.Parse(text);
            string canonical = query.ToString();
            Assert.Equal(canonical, SearchQuery.Parse(canonical).ToString());
        }, iter: 20_000);
    }
}
