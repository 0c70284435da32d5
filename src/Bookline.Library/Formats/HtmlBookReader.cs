using HtmlAgilityPack;

namespace Bookline.Library.Formats;

/// <summary>Reads one HTML page: title from &lt;title&gt; or the first heading, author from its meta tag, language from &lt;html lang&gt;.</summary>
public sealed class HtmlBookReader : IBookReader
{
    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most a file may cost; null for <see cref="ReadLimits.Default"/>.</param>
    public HtmlBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Html;

    /// <summary>Reads an HTML file.</summary>
    /// <param name="content">The open file.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Not used: a bounded read of one file.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file is over <see cref="ReadLimits.MaxHtmlBytes"/>.</exception>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        (string html, _) = TextBookReader.Decode(BookFile.ReadAllBytes(content, _limits.MaxHtmlBytes, BookReader.FormatName(BookFormat.Html)));
        HtmlDocument document = HtmlText.Parse(html, _limits.MaxHtmlNesting);
        HtmlNode root = document.DocumentNode;
        string? title = TextTools.Clean(HtmlEntity.DeEntitize(root.SelectSingleNode("//title")?.InnerText))
            ?? TextTools.Clean(HtmlEntity.DeEntitize(root.SelectSingleNode("//h1")?.InnerText));
        string? author = TextTools.Clean(root.SelectSingleNode("//meta[@name='author']")?.GetAttributeValue("content", null));
        string? language = TextTools.Clean(root.SelectSingleNode("//html")?.GetAttributeValue("lang", null));
        string text = HtmlText.Extract(document);
        return new ExtractedBook(BookFormat.Html, title ?? TextTools.TitleFromFileName(path), author, language, null, text, null, []);
    }
}
