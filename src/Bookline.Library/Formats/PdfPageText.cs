using System.Text;
using UglyToad.PdfPig.Content;

namespace Bookline.Library.Formats;

/// <summary>
/// Turns a page's letters into words in content order: a space wherever the next letter starts a
/// new line or sits further from the previous one than a word gap.
/// </summary>
/// <remarks>
/// PdfPig's word extractors sort and group letters geometrically, which costs about a tenth of the
/// read on TeX-made PDFs and glues words whose gap is narrow ("CompilingaCprogram"). Search needs
/// words, not layout, so content order with a gap test is enough, and it is cheaper.
/// </remarks>
internal static class PdfPageText
{
    /// <summary>A gap wider than this fraction of the glyph height separates two words.</summary>
    private const double WordGap = 0.2;

    /// <summary>A baseline that moves by more than this fraction of the glyph height starts a new line.</summary>
    private const double LineShift = 0.5;

    /// <summary>Appends the page's text to <paramref name="text"/>: words separated by spaces, lines by newlines.</summary>
    /// <remarks>Line ends stay newlines so that words hyphenated across them can be joined (<see cref="TextNormalizer.JoinHyphenatedLines"/>).</remarks>
    public static void Append(Page page, StringBuilder text)
    {
        Letter? previous = null;
        foreach (Letter letter in page.Letters)
        {
            if (previous is not null)
            {
                switch (Between(previous, letter))
                {
                    case Break.Word:
                        text.Append(' ');
                        break;
                    case Break.Line:
                        text.Append('\n');
                        break;
                }
            }

            text.Append(letter.Value);
            previous = letter;
        }
    }

    private enum Break
    {
        None,
        Word,
        Line,
    }

    private static Break Between(Letter previous, Letter next)
    {
        // Space glyphs have no height; the font size stands in for them.
        double size = previous.BoundingBox.Height > 0.01 ? previous.BoundingBox.Height : Math.Max(previous.PointSize, 1);

        // Edges, not baseline ends: a mirrored glyph (the reversed E of the XeTeX logo) is drawn from right to left.
        double gap = Math.Min(next.StartBaseLine.X, next.EndBaseLine.X) - Math.Max(previous.StartBaseLine.X, previous.EndBaseLine.X);
        double shift = Math.Abs(next.StartBaseLine.Y - previous.StartBaseLine.Y);
        if (gap < -size)
        {
            return Break.Line;
        }

        if (shift > size * LineShift)
        {
            // A letter raised or lowered but drawn touching the last one (the A of the LaTeX logo,
            // a subscript) belongs to the same word; anything else that far up or down is another line.
            return shift <= size && Math.Abs(gap) <= size * WordGap ? Break.None : Break.Line;
        }

        return gap > size * WordGap ? Break.Word : Break.None;
    }
}
