using Bookline.Library.Search;

namespace Bookline.Library.Tests.Search;

public sealed class VocabularyTests
{
    private static readonly Vocabulary Words = new(["whale", "whales", "whaling", "whaler", "while", "woodhouse", "persuasion", "run", "runs", "running", "runner", "ahab", "navy", "admiralty", "admiral"]);

    [Theory]
    [InlineData("whale", new[] { "whale", "whales", "whaling" })]
    [InlineData("whales", new[] { "whales", "whale", "whaling" })]
    [InlineData("running", new[] { "running", "run", "runs" })]
    [InlineData("ahab", new[] { "ahab" })]
    [InlineData("unknown", new[] { "unknown" })]
    public void AWordStandsForTheCatalogsWordsWithItsStem(string word, string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), Words.WithStem(word).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("woodhuose", "woodhouse", 1)] // a swap
    [InlineData("wodhouse", "woodhouse", 1)] // a letter missing
    [InlineData("woodhousse", "woodhouse", 1)] // one too many
    [InlineData("persausoin", "persuasion", 2)] // 10 letters: two typos
    [InlineData("admirallty", "admiralty", 1)]
    public void AWordIsCorrectedWithinTheTyposItsLengthAllows(string typo, string expected, int distance) =>
        Assert.Contains((expected, distance), Words.Corrections(typo));

    [Theory]
    [InlineData("ahba")] // 4 letters: no typo allowed
    [InlineData("wodhuose")] // 8 letters, two typos
    [InlineData("whale")] // itself is not a correction, and "while" is one away but "whale" is 5 letters: allowed
    public void ShortWordsGetNoCorrectionAndNoWordIsItsOwn(string word)
    {
        IReadOnlyList<(string Word, int Distance)> corrections = Words.Corrections(word);
        Assert.DoesNotContain(corrections, c => c.Word == word);
        if (word != "whale")
        {
            Assert.Empty(corrections);
        }
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("whale", "wahle", 1)]
    public void EditDistanceCountsSwapsAsOne(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Within(a, b, 5));
        Assert.Equal(Math.Min(expected, 2), EditDistance.Within(a, b, 1));
    }

    [Theory]
    [InlineData("whales", "whal")]
    [InlineData("whaling", "whal")]
    [InlineData("flies", "fli")]
    [InlineData("boxes", "box")]
    [InlineData("running", "run")]
    [InlineData("falling", "fall")]
    [InlineData("happy", "happi")]
    [InlineData("café", "café")]
    [InlineData("sea", "sea")]
    public void StemsAreLight(string word, string stem) => Assert.Equal(stem, EnglishStem.Of(word));
}
