using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

public sealed class MarkdownBookReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FrontMatterGivesTheMetadataAndTheMarkupIsStripped()
    {
        string markdown = """
            ---
            title: "The Keeper's Log"
            author:
              - Ada Keeper
              - Ben Watch
            lang: en
            date: 2024-05-01
            tags: [sea, lights]
            description: A year of a lighthouse.
            ---
            # Chapter *one*

            The **lamp** was lit at [dusk](https://example.org/dusk) and `trimmed` at dawn.

            | Ship | Flag |
            |------|------|
            | Mary | red  |
            """;
        ExtractedBook book = new BookReader().Read(_folder.File("log.md", System.Text.Encoding.UTF8.GetBytes(markdown)));
        Assert.Equal(BookFormat.Markdown, book.Format);
        Assert.Equal("The Keeper's Log", book.Title);
        Assert.Equal(["Ada Keeper", "Ben Watch"], book.Metadata.Authors);
        Assert.Equal("en", book.Language);
        Assert.Equal("2024-05-01", book.Metadata.Published);
        Assert.Equal(["sea", "lights"], book.Metadata.Tags);
        Assert.Equal("A year of a lighthouse.", book.Metadata.Description);
        Assert.Contains("Chapter one", book.Text, StringComparison.Ordinal);
        Assert.Contains("The lamp was lit at dusk and trimmed at dawn.", book.Text, StringComparison.Ordinal);
        Assert.Contains("Mary", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", book.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("title:", book.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.md", "Intro text.\n\n## The *First* Heading\n\nBody.", "The First Heading")]
    [InlineData("my-notes.markdown", "Only a paragraph.", "my notes")]
    [InlineData("open.md", "---\ntitle: Never closed\n\nBody.", "open")]
    public void WithoutFrontMatterTheFirstHeadingOrTheFileNameIsTheTitle(string name, string markdown, string title)
    {
        ExtractedBook book = new BookReader().Read(_folder.File(name, System.Text.Encoding.UTF8.GetBytes(markdown)));
        Assert.Equal(title, book.Title);
    }
}
