using Bookline.Library.Scanning;

namespace Bookline.Library.Tests.Scanning;

public sealed class ShelfPrioritiesTests
{
    [Fact]
    public void LinesGiveShelfPrioritiesIgnoringCommentsAndBlankLines()
    {
        var priorities = ShelfPriorities.Parse(["# urgent first", "", "returns: 1", "  rare books : 5  # fragile"], "priorities.txt");
        Assert.Equal(new Dictionary<string, int> { ["returns"] = 1, ["rare books"] = 5 }, priorities);
    }

    [Theory]
    [InlineData("poetry = 2")]
    [InlineData(": 3")]
    [InlineData("poetry: high")]
    public void ABadLineIsRejectedWithTheFileAndLine(string bad)
    {
        var error = Assert.Throws<FormatException>(() => ShelfPriorities.Parse(["fiction: 1", bad], "priorities.txt"));
        Assert.Equal($"priorities.txt, line 2: expected 'shelf: number', found '{bad}'.", error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ShelfPriorities.Read("no-such-priorities.txt"));
        Assert.Contains("no-such-priorities.txt", error.Message, StringComparison.Ordinal);
    }
}
