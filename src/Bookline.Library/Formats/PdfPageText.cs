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

    /// <summary>Appends the page's text to <paramref name="text"/>, words separated by spaces.</summary>
    public static void Append(Page page, StringBuilder text)
    {
        Letter? previous = null;
        foreach (Letter letter in page.Letters)
        {
            if (previous is not null && StartsWord(previous, letter))
            {
                text.Append(' ');
            }

            text.Append(letter.Value);
            previous = letter;
        }
    }

    private static bool StartsWord(Letter previous, Letter next)
    {
        // Space glyphs have no height; the font size stands in for them.
        double size = previous.BoundingBox.Height > 0.01 ? previous.BoundingBox.Height : Math.Max(previous.PointSize, 1);
        double gap = next.StartBaseLine.X - previous.EndBaseLine.X;
        return Math.Abs(next.StartBaseLine.Y - previous.StartBaseLine.Y) > size * LineShift
            || gap > size * WordGap
            || gap < -size;
    }
}
