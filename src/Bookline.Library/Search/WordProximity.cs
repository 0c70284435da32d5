using Bookline.Library.Catalog;

namespace Bookline.Library.Search;

/// <summary>
/// Words remembered together stand close together in the book: among the hits a store ranked, one
/// whose quoted passage (or title, when it quotes none) holds every looked-for word within a few
/// words of each other moves up. The stores rank by passage (every word in one passage of about 170
/// words); this looks closer, within the passage, at no cost to them, since the snippet reads it anyway.
/// </summary>
internal static class WordProximity
{
    /// <summary>
    /// How much closeness multiplies a rank (lower is better, and negative in both stores): words within <see cref="Window"/>
    /// words per word looked for make a rank <c>1 + Weight</c> times as good; spread wider, less in proportion. Tuned on the
    /// known-item benchmark (bench/README.md), with words that stand close counting as much as words side by side.
    /// </summary>
    public const double Weight = 1.0;

    /// <summary>How many words per word looked for still count as close together.</summary>
    public const int Window = 4;

    /// <summary>
    /// Re-orders each run of hits (the exact ones, then the corrected ones: a corrected hit never passes an exact one) by their
    /// rank made better by the closeness of the words in their quoted passage; hits without one keep their rank.
    /// </summary>
    /// <param name="hits">The hits, best first, exact before corrected.</param>
    /// <param name="passages">For each hit, the words of the passage (or title) its snippet quotes first, or null.</param>
    /// <param name="leaves">The words looked for in the text.</param>
    public static void Rerank(List<SearchHit> hits, IReadOnlyList<SearchText.Word[]?> passages, IReadOnlyList<QueryNode> leaves)
    {
        Func<string, bool>[] words = [.. leaves.Select(WordMatcher.ForWord).OfType<Func<string, bool>>()];
        if (words.Length < 2)
        {
            return;
        }

        var scored = new List<(SearchHit Hit, int Order)>(hits.Count);
        for (int i = 0; i < hits.Count; i++)
        {
            SearchHit hit = hits[i];
            if (hit.Rank < 0 && passages[i] is { } passage && Span(passage, words) is int span)
            {
                double closeness = Math.Min(1, Window * words.Length / (double)span);
                hit = hit with { Rank = hit.Rank * (1 + (Weight * closeness)) };
            }

            scored.Add((hit, i));
        }

        scored.Sort(static (a, b) => a.Hit.IsCorrected != b.Hit.IsCorrected ? a.Hit.IsCorrected.CompareTo(b.Hit.IsCorrected)
            : a.Hit.Rank != b.Hit.Rank ? a.Hit.Rank.CompareTo(b.Hit.Rank) : a.Order.CompareTo(b.Order));
        for (int i = 0; i < hits.Count; i++)
        {
            hits[i] = scored[i].Hit;
        }
    }

    /// <summary>The fewest consecutive words of the passage that hold one of each looked-for word; null when one is missing.</summary>
    public static int? Span(SearchText.Word[] passage, IReadOnlyList<Func<string, bool>> words)
    {
        var counts = new int[words.Count];
        var found = new List<(int At, int Word)>();
        for (int at = 0; at < passage.Length; at++)
        {
            for (int w = 0; w < words.Count; w++)
            {
                if (words[w](passage[at].Folded))
                {
                    found.Add((at, w));
                }
            }
        }

        // A window over the matches, widened on the right until it holds every word, then narrowed on the left while it still does.
        int? best = null;
        int held = 0, left = 0;
        foreach ((int at, int word) in found)
        {
            if (counts[word]++ == 0)
            {
                held++;
            }

            while (held == words.Count)
            {
                int span = at - found[left].At + 1;
                best = best is null ? span : Math.Min(best.Value, span);
                if (--counts[found[left++].Word] == 0)
                {
                    held--;
                }
            }
        }

        return best;
    }
}
