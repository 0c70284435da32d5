using HtmlAgilityPack;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads an HTML page: title from &lt;title&gt; or the first heading, author from its meta tag,
/// language from &lt;html lang&gt;. An <c>index.html</c> is a book of many pages (a manual, a
/// site saved whole): its links within its folder are followed in order, then the folder's other
/// pages are read in name order, each page once, each a page of the book.
/// </summary>
public sealed class HtmlBookReader : IBookReader
{
    private static readonly string[] PageExtensions = [".html", ".htm", ".xhtml"];

    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most a file may cost; null for <see cref="ReadLimits.Default"/>.</param>
    public HtmlBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Html;

    /// <summary>Reads an HTML file.</summary>
    /// <param name="content">The open file.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Checked between the pages of a book of many pages.</param>
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
        var warnings = new List<string>();
        int? pages = null;
        if (Path.GetFileNameWithoutExtension(path).Equals("index", StringComparison.OrdinalIgnoreCase))
        {
            (text, pages) = WholeBook(path, document, text, warnings, cancellationToken);
        }

        return new ExtractedBook(BookFormat.Html, title ?? TextTools.TitleFromFileName(path), author, language, pages, text, null, warnings);
    }

    /// <summary>
    /// The text of every page of the book an index page opens: the pages its links reach within its
    /// folder, in the order they are reached, then the rest in name order. Only regular files inside
    /// the folder are read (no link leads out of it), each at most <see cref="ReadLimits.MaxHtmlBytes"/>,
    /// all together at most <see cref="ReadLimits.MaxUnpackedBytes"/>, at most
    /// <see cref="ReadLimits.MaxArchiveEntries"/> pages.
    /// </summary>
    private (string Text, int Pages) WholeBook(string index, HtmlDocument first, string firstText, List<string> warnings, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(index))!;
        string start = Path.GetFullPath(index);
        var order = new List<string> { start };
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var text = new System.Text.StringBuilder(firstText);
        long total = firstText.Length;
        bool Add(string page)
        {
            if (order.Count >= _limits.MaxArchiveEntries)
            {
                return false;
            }

            if (seen.Add(page))
            {
                order.Add(page);
            }

            return true;
        }

        // The links first: a table of contents gives the reading order.
        for (int i = 0; i < order.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string page = order[i];
            HtmlDocument? document = i == 0 ? first : Load(page, warnings);
            if (document is null)
            {
                continue;
            }

            if (i > 0)
            {
                string pageText = HtmlText.Extract(document);
                total += pageText.Length;
                if (total > _limits.MaxUnpackedBytes)
                {
                    warnings.Add($"the book's pages hold more than {ReadLimits.Size(_limits.MaxUnpackedBytes)} of text: the rest is left out");
                    return (TextTools.Collapse(text.ToString()), i);
                }

                text.Append("\n\n").Append(pageText);
            }

            foreach (HtmlNode link in document.DocumentNode.SelectNodes("//a[@href]") ?? Enumerable.Empty<HtmlNode>())
            {
                if (Target(folder, page, link.GetAttributeValue("href", string.Empty)) is { } target && !Add(target))
                {
                    break;
                }
            }
        }

        // Then the pages no link reached, in name order.
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 16, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        foreach (string page in Directory.EnumerateFiles(folder, "*", options).Where(IsPage).Order(StringComparer.Ordinal))
        {
            if (seen.Contains(page))
            {
                continue;
            }

            if (!Add(page))
            {
                warnings.Add(FormattableString.Invariant($"the book has more than {_limits.MaxArchiveEntries} pages: the rest are left out"));
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (Load(page, warnings) is { } document)
            {
                string pageText = HtmlText.Extract(document);
                total += pageText.Length;
                if (total > _limits.MaxUnpackedBytes)
                {
                    warnings.Add($"the book's pages hold more than {ReadLimits.Size(_limits.MaxUnpackedBytes)} of text: the rest is left out");
                    break;
                }

                text.Append("\n\n").Append(pageText);
            }
        }

        return (TextTools.Collapse(text.ToString()), order.Count);
    }

    /// <summary>A page a link leads to, inside the book's folder; null for anything else (another site, a picture, a page outside).</summary>
    private static string? Target(string folder, string from, string href)
    {
        string target = href.Split('#', 2)[0].Split('?', 2)[0];
        if (target.Length == 0 || target.Contains(':', StringComparison.Ordinal) || target.StartsWith('/'))
        {
            return null;
        }

        string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from)!, Uri.UnescapeDataString(target)));
        return full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) && IsPage(full) && File.Exists(full) ? full : null;
    }

    private static bool IsPage(string path) => PageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>A page of the book, parsed; null (with a warning) for one that is not a regular file or cannot be read.</summary>
    private HtmlDocument? Load(string page, List<string> warnings)
    {
        try
        {
            BookFile.Regular(page);
            (string html, _) = TextBookReader.Decode(BookFile.ReadAllBytes(page, _limits.MaxHtmlBytes, BookReader.FormatName(BookFormat.Html)));
            return HtmlText.Parse(html, _limits.MaxHtmlNesting);
        }
        catch (Exception exception) when (exception is BookReadException or IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{Path.GetFileName(page)}: {exception.Message}");
            return null;
        }
    }
}
