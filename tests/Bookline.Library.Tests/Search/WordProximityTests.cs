using Bookline.Library.Catalog;
using Bookline.Library.Search;

namespace Bookline.Library.Tests.Search;

/// <summary>Words that stand close together in a hit's quoted passage move the hit up, never past an exact hit.</summary>
public sealed class WordProximityTests
{
    private static readonly QueryNode[] LighthouseKeeper =
        [new WordsQuery("lighthouse", ["lighthouse", "lighthouses"], SearchField.Any), new WordQuery("keep", IsPrefix: true)];

    [Theory]
    [InlineData("the lighthouse keeper", 2)]
    [InlineData("keepers of a lighthouse", 4)]
    [InlineData("lighthouses far away and then a keeper came, and later the lighthouse", 6)]
    [InlineData("a lighthouse on the rock", null)]
    [InlineData("", null)]
    public void TheSpanIsTheFewestConsecutiveWordsHoldingEachWord(string passage, int? span) =>
        Assert.Equal(span, WordProximity.Span([.. SearchText.Words(passage)], [w => w.StartsWith("lighthouse", StringComparison.Ordinal), w => w.StartsWith("keep", StringComparison.Ordinal)]));

    [Fact]
    public void CloserWordsMoveAHitUpButACorrectedHitNeverPassesAnExactOne()
    {
        string far = "lighthouse " + string.Join(' ', Enumerable.Repeat("sea", 60)) + " keeper";
        List<SearchHit> hits = [Hit(1, -10), Hit(2, -9), Hit(3, -8) with { IsCorrected = true }, Hit(4, -7.5)];
        SearchText.Word[]?[] passages = [Words(far), Words("the lighthouse keeper"), Words("the lighthouse keeper"), null];

        WordProximity.Rerank(hits, passages, LighthouseKeeper);

        Assert.Equal([2, 1, 4, 3], hits.Select(h => h.Id));
        Assert.Equal(-18, hits[0].Rank, 6); // side by side: twice as good
        Assert.Equal(-10 * (1 + (4.0 * 2 / 62)), hits[1].Rank, 6); // 62 words apart: a little better
        Assert.Equal(-7.5, hits[2].Rank); // no passage: as ranked
    }

    [Fact]
    public void OneWordOrOnlyPhrasesLeaveTheOrderAlone()
    {
        List<SearchHit> hits = [Hit(1, -10), Hit(2, -9)];
        SearchText.Word[]?[] passages = [Words("lighthouse far far far far far far far far far far far keeper"), Words("lighthouse keeper")];

        WordProximity.Rerank(hits, passages, [LighthouseKeeper[0]]);
        WordProximity.Rerank(hits, passages, [new PhraseQuery(["lighthouse", "keeper"], SearchField.Any), new PhraseQuery(["keeper"], SearchField.Any)]);

        Assert.Equal([1, 2], hits.Select(h => h.Id));
    }

    private static SearchText.Word[] Words(string text) => [.. SearchText.Words(text)];

    private static SearchHit Hit(long id, double rank) => new(id, $"Book {id}", null, "shelf", "txt", $"shelf/{id}.txt", string.Empty, rank);
}
