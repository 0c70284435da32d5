using HtmlAgilityPack;

namespace Bookline.Library.Formats;

/// <summary>Reads one HTML page: title from &lt;title&gt; or the first heading, author from its meta tag, language from &lt;html lang&gt;.</summary>
public sealed class HtmlBookReader : IBookReader
{
    /// <inheritdoc />
    public BookFormat Format => BookFormat.Html;

    /// <summary>Reads an HTML file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The book.</returns>
    public ExtractedBook Read(string path)
    {
        (string html, _) = TextBookReader.Decode(File.ReadAllBytes(path));
        HtmlDocument document = HtmlText.Parse(html);
        HtmlNode root = document.DocumentNode;
        string? title = TextTools.Clean(HtmlEntity.DeEntitize(root.SelectSingleNode("//title")?.InnerText))
            ?? TextTools.Clean(HtmlEntity.DeEntitize(root.SelectSingleNode("//h1")?.InnerText));
        string? author = TextTools.Clean(root.SelectSingleNode("//meta[@name='author']")?.GetAttributeValue("content", null));
        string? language = TextTools.Clean(root.SelectSingleNode("//html")?.GetAttributeValue("lang", null));
        string text = HtmlText.Extract(document);
        return new ExtractedBook(BookFormat.Html, title ?? TextTools.TitleFromFileName(path), author, language, null, text, null, []);
    }
}
