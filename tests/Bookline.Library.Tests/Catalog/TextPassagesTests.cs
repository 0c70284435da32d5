using Bookline.Library.Catalog;

namespace Bookline.Library.Tests.Catalog;

public sealed class TextPassagesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TextPassages.TargetLength)]
    [InlineData(TextPassages.TargetLength + 1)]
    [InlineData(50_000)]
    public void PassagesCoverTheTextInOrderAndCutAtSpaces(int length)
    {
        var random = new Random(length);
        string text = string.Concat(Enumerable.Range(0, length).Select(_ => random.Next(8) == 0 ? ' ' : (char)('a' + random.Next(26))));

        List<string> passages = [.. TextPassages.Split(text).Select(p => p.ToString())];

        Assert.Equal(text, string.Concat(passages));
        Assert.All(passages, p => Assert.InRange(p.Length, 1, TextPassages.TargetLength));
        // Every cut but the last lands just after a space: no word is split where a space was near.
        Assert.All(passages.SkipLast(1), p => Assert.Equal(' ', p[^1]));
    }

    [Fact]
    public void TextWithoutSpacesIsCutAtTheTargetLength()
    {
        string text = new('x', (2 * TextPassages.TargetLength) + 500);
        Assert.Equal([TextPassages.TargetLength, TextPassages.TargetLength, 500], TextPassages.Split(text).Select(p => p.Length));
    }

    [Fact]
    public void ACutNeverSplitsACharacterMadeOfTwoHalves()
    {
        // Emoji are two UTF-16 halves each; an odd start puts a pair across every even cut.
        string text = "x" + string.Concat(Enumerable.Repeat("\U0001F600", 3 * TextPassages.TargetLength));

        List<string> passages = [.. TextPassages.Split(text).Select(p => p.ToString())];

        Assert.Equal(text, string.Concat(passages));
        Assert.All(passages, p => Assert.False(char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0]), "a passage starts or ends inside a character"));
    }

    [Fact]
    public void ABooksPassageRowIdsAreConsecutiveAndApartFromTheNextBook()
    {
        var (first, last) = TextPassages.RowIds(7);
        Assert.Equal(first, TextPassages.RowId(7, 0));
        Assert.True(TextPassages.RowId(7, 1) == first + 1 && last < TextPassages.RowIds(8).First);
    }

    [Fact]
    public void ABookPreparedForTheCatalogIsCleanedAndCutAsTheStoreWouldCutIt()
    {
        string text = "a\u0002forged\u0003 mark " + string.Concat(Enumerable.Repeat("calm grey water all around. ", 200));
        var book = new CatalogBook("sea", "sea/deep.txt", "txt", "Deep", null, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null);

        BookToIndex prepared = BookToIndex.Prepare(book, text);

        Assert.DoesNotContain('\u0002', prepared.Text);
        Assert.Equal(TextPassages.Ends(prepared.Text), prepared.PassageEnds);
        Assert.Equal(TextPassages.Split(prepared.Text).Select(p => p.ToString()), TextPassages.Split(prepared.Text, prepared.PassageEnds).Select(p => p.ToString()));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 10, 5, 5600 })] // not in order
    [InlineData(new[] { 1000, 2000 })] // short of the end
    [InlineData(new[] { 3000, 9000 })] // past the end
    public void EndsThatDoNotCutTheWholeTextInOrderAreIgnored(int[] ends)
    {
        string text = string.Concat(Enumerable.Repeat("calm grey water all around. ", 200));
        Assert.Equal(TextPassages.Split(text).Select(p => p.ToString()), TextPassages.Split(text, ends).Select(p => p.ToString()));
    }
}
