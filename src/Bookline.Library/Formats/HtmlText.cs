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

    public static string Extract(HtmlDocument document)
    {
        var text = new StringBuilder();
        HtmlNode root = document.DocumentNode.SelectSingleNode("//body") ?? document.DocumentNode;
        Append(root, text);
        return TextTools.Collapse(text.ToString());
    }

    public static HtmlDocument Parse(string html)
    {
        var document = new HtmlDocument { OptionFixNestedTags = true };
        document.LoadHtml(html);
        return document;
    }

    private static void Append(HtmlNode node, StringBuilder text)
    {
        foreach (HtmlNode child in node.ChildNodes)
        {
            switch (child.NodeType)
            {
                case HtmlNodeType.Text:
                    text.Append(HtmlEntity.DeEntitize(child.InnerText));
                    break;
                case HtmlNodeType.Element when child.Name is "script" or "style" or "noscript" or "head":
                    break;
                case HtmlNodeType.Element:
                    bool block = Blocks.Contains(child.Name);
                    if (block)
                    {
                        text.Append("\n\n");
                    }

                    Append(child, text);
                    if (block)
                    {
                        text.Append("\n\n");
                    }

                    break;
            }
        }
    }
}
