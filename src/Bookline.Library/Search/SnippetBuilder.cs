using System.Text;
using Bookline.Library.Catalog;

namespace Bookline.Library.Search;

/// <summary>
/// Makes a hit's snippet from the passages a store found for it: from each, the stretch of
/// <see cref="WindowWords"/> words with the most different matched words, joined with an ellipsis,
/// and the matched words as <see cref="Highlight"/> ranges. The same code for every store, so a hit
/// reads the same whichever holds the catalog.
/// </summary>
internal static class SnippetBuilder
{
    /// <summary>How many words a stretch of a snippet has.</summary>
    public const int WindowWords = 24;

    private const char Ellipsis = '…';

    /// <summary>
    /// The snippet of the passages, each with its words (<see cref="SearchText.Words"/>, read once by the caller); when none, of
    /// the text given instead (the title, for a hit on its metadata only).
    /// </summary>
    public static (string Text, IReadOnlyList<Highlight> Highlights) Build(IReadOnlyList<(string Text, SearchText.Word[] Words)> passages, WordMatcher matcher)
    {
        var text = new StringBuilder();
        var highlights = new List<Highlight>();
        foreach ((string passage, SearchText.Word[] words) in passages)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            Append(passage, words, matcher, text, highlights);
        }

        return (text.ToString(), highlights);
    }

    private static void Append(string passage, SearchText.Word[] words, WordMatcher matcher, StringBuilder text, List<Highlight> highlights)
    {
        if (words.Length == 0)
        {
            return;
        }

        bool[] matched = [.. words.Select(w => matcher.Matches(w.Folded))];

        // The window with the most different matched words, then the most matches: slid over the words once.
        var inWindow = new Dictionary<string, int>(StringComparer.Ordinal);
        int best = 0, bestScore = -1, total = 0;
        for (int end = 0; end < words.Length; end++)
        {
            if (matched[end])
            {
                total++;
                inWindow[words[end].Folded] = inWindow.GetValueOrDefault(words[end].Folded) + 1;
            }

            int start = end - WindowWords + 1;
            if (start > 0 && matched[start - 1])
            {
                total--;
                string left = words[start - 1].Folded;
                if (--inWindow[left] == 0)
                {
                    inWindow.Remove(left);
                }
            }

            int score = inWindow.Count * 100 + total;
            if (end >= Math.Min(words.Length, WindowWords) - 1 && score > bestScore)
            {
                (best, bestScore) = (Math.Max(0, start), score);
            }
        }

        // Start a word or two before the first match, so that it does not open the snippet.
        int first = Array.FindIndex(matched, best, m => m);
        if (first > best + 2 && words.Length - (first - 2) >= WindowWords)
        {
            best = first - 2;
        }

        int last = Math.Min(words.Length, best + WindowWords) - 1;
        int from = words[best].Start;
        int to = words[last].Start + words[last].Length;
        if (best > 0)
        {
            text.Append(Ellipsis);
        }

        int offset = text.Length - from;
        text.Append(Clean(passage.AsSpan(from, to - from)));
        for (int i = best; i <= last; i++)
        {
            if (matched[i])
            {
                highlights.Add(new Highlight(words[i].Start + offset, words[i].Length));
            }
        }

        if (last < words.Length - 1)
        {
            text.Append(Ellipsis);
        }
    }

    /// <summary>Line ends and runs of spaces as one space each, keeping every character's place for the highlights.</summary>
    private static string Clean(ReadOnlySpan<char> part)
    {
        char[] copy = part.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (char.IsWhiteSpace(copy[i]))
            {
                copy[i] = ' ';
            }
        }

        return new string(copy);
    }
}
