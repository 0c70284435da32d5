using System.Collections.Concurrent;
using System.Numerics;

namespace Bookline.Library.Search;

/// <summary>
/// The words of a catalog, for widening a query word to the catalog's words with its stem and, for typo
/// tolerance, to those within an edit distance of it. Immutable; a store makes a new one as words come.
/// </summary>
/// <remarks>
/// Correction follows Meilisearch's rule: a word of 5 letters or more may have one typo, of 9 or more
/// two; a typo is a letter inserted, deleted, replaced, or two swapped. Candidates are found without
/// an index structure: words are kept by length, each with a 64-bit mask of the letters it has, and
/// one edit changes at most two bits of it, so a scan of the masks of the few lengths that can match
/// rules out almost every word before an edit distance is computed.
/// </remarks>
internal sealed class Vocabulary
{
    /// <summary>The most catalog words one query word is widened to.</summary>
    public const int MaxAlternatives = 24;

    /// <summary>The shortest word that may have one typo, and two.</summary>
    public const int OneTypo = 5, TwoTypos = 9;

    private readonly string[] _sorted;
    private readonly Dictionary<int, (string[] Words, ulong[] Masks)> _byLength;
    private readonly ConcurrentDictionary<string, string[]> _stemGroups = new(StringComparer.Ordinal);

    /// <summary>Makes a vocabulary of the given words.</summary>
    public Vocabulary(IEnumerable<string> words)
    {
        _sorted = [.. words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _byLength = _sorted.GroupBy(w => w.Length).ToDictionary(g => g.Key, g =>
        {
            string[] group = [.. g];
            return (group, group.Select(Mask).ToArray());
        });
    }

    /// <summary>An empty vocabulary.</summary>
    public static Vocabulary Empty { get; } = new([]);

    /// <summary>How many words it has.</summary>
    public int Count => _sorted.Length;

    /// <summary>Whether the catalog has this word.</summary>
    public bool Contains(string word) => Array.BinarySearch(_sorted, word, StringComparer.Ordinal) >= 0;

    /// <summary>The catalog's words with the word's stem, the word itself first (even when the catalog lacks it).</summary>
    public IReadOnlyList<string> WithStem(string word) => _stemGroups.GetOrAdd(word, static (w, self) => self.FindStemGroup(w), this);

    /// <summary>The catalog's words within the typos the word's length allows, nearest first, not counting the word itself.</summary>
    public IReadOnlyList<(string Word, int Distance)> Corrections(string word)
    {
        int budget = word.Length >= TwoTypos ? 2 : word.Length >= OneTypo ? 1 : 0;
        if (budget == 0 || word.Any(char.IsDigit))
        {
            return [];
        }

        var found = new List<(string Word, int Distance)>();
        ulong mask = Mask(word);
        for (int length = word.Length - budget; length <= word.Length + budget; length++)
        {
            if (!_byLength.TryGetValue(length, out var group))
            {
                continue;
            }

            ulong[] masks = group.Masks;
            for (int i = 0; i < masks.Length; i++)
            {
                if (BitOperations.PopCount(masks[i] ^ mask) > 2 * budget)
                {
                    continue;
                }

                string candidate = group.Words[i];
                int distance = EditDistance.Within(word, candidate, budget);
                if (distance > 0 && distance <= budget)
                {
                    found.Add((candidate, distance));
                }
            }
        }

        return [.. found.OrderBy(f => f.Distance).ThenBy(f => Math.Abs(f.Word.Length - word.Length)).ThenBy(f => f.Word, StringComparer.Ordinal).Take(MaxAlternatives)];
    }

    private string[] FindStemGroup(string word)
    {
        string stem = EnglishStem.Of(word);
        var group = new List<string> { word };
        if (stem.Length < 3)
        {
            return [.. group];
        }

        // Every word with this stem starts with the stem but for its last letter (EnglishStem.Of), so only that run of the sorted words is read.
        string prefix = stem[..^1];
        int start = Array.BinarySearch(_sorted, prefix, StringComparer.Ordinal);
        start = start < 0 ? ~start : start;
        for (int i = start; i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.Ordinal) && group.Count < MaxAlternatives; i++)
        {
            if (_sorted[i] != word && EnglishStem.Of(_sorted[i]) == stem)
            {
                group.Add(_sorted[i]);
            }
        }

        return [.. group];
    }

    /// <summary>Which letters a word has: a to z, digits, and other characters folded onto the remaining bits.</summary>
    private static ulong Mask(string word)
    {
        ulong mask = 0;
        foreach (char c in word)
        {
            int bit = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '0' and <= '9' ? 26 + (c - '0') : 36 + (c % 28);
            mask |= 1UL << bit;
        }

        return mask;
    }
}
