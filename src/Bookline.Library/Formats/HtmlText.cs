using System.Text;
using HtmlAgilityPack;

namespace Bookline.Library.Formats;

/// <summary>Turns an HTML or XHTML document into plain text: no scripts or styles, paragraphs kept apart.</summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "section", "article", "dt", "dd", "title",
    };

    /// <summary>
    /// The text of the document's body; with <paramref name="wholeDocument"/>, of everything but heads,
    /// scripts and styles, in order (a KF8 flow holds each document's skeleton, with an empty body,
    /// followed by the fragments that fill it).
    /// </summary>
    public static string Extract(HtmlDocument document, bool wholeDocument = false)
    {
        var text = new StringBuilder();
        HtmlNode root = wholeDocument ? document.DocumentNode : document.DocumentNode.SelectSingleNode("//body") ?? document.DocumentNode;
        Append(root, text);
        return TextTools.Collapse(text.ToString());
    }

    /// <summary>Parses a page whose elements nest at most <paramref name="maxNesting"/> deep.</summary>
    /// <exception cref="BookReadException">The page nests deeper: the parser's work grows with the square of the depth.</exception>
    public static HtmlDocument Parse(string html, int maxNesting)
    {
        var document = new HtmlDocument { OptionFixNestedTags = true, OptionMaxNestedChildNodes = maxNesting };
        try
        {
            document.LoadHtml(html);
        }
        catch (Exception exception) when (exception.Message.Contains("nested tags", StringComparison.Ordinal))
        {
            // The parser throws a bare Exception for this limit; its message is how to tell it.
            throw new BookReadException(FormattableString.Invariant($"elements nested more than {maxNesting} deep (unclosed tags, or a page made to stall parsers)"), exception);
        }

        return document;
    }

    /// <summary>
    /// Walks the tree with a stack of its own, not by recursion: a page of a hundred thousand nested
    /// elements would otherwise overflow the thread's stack, which ends the whole process.
    /// </summary>
    private static void Append(HtmlNode root, StringBuilder text)
    {
        var pending = new Stack<(HtmlNode Node, bool Closing)>();
        for (HtmlNode? child = root.LastChild; child is not null; child = child.PreviousSibling)
        {
            pending.Push((child, false));
        }

        while (pending.TryPop(out var next))
        {
            HtmlNode node = next.Node;
            if (next.Closing)
            {
                text.Append("\n\n"); // the end of a block element
                continue;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    text.Append(HtmlEntity.DeEntitize(node.InnerText));
                    break;
                case HtmlNodeType.Element when node.Name is "script" or "style" or "noscript" or "head":
                    break;
                case HtmlNodeType.Element:
                    if (Blocks.Contains(node.Name))
                    {
                        text.Append("\n\n");
                        pending.Push((node, true));
                    }

                    for (HtmlNode? child = node.LastChild; child is not null; child = child.PreviousSibling)
                    {
                        pending.Push((child, false));
                    }

                    break;
            }
        }
    }
}
