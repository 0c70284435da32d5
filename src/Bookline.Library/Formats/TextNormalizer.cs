using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bookline.Library.Formats;

/// <summary>
/// Makes extracted text searchable as a reader sees it: typographic forms folded to the letters they
/// draw, invisible characters dropped, and words a layout hyphenated at a line end made whole again.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>
    /// Every character <see cref="Fold"/> changes: invisible ones (soft hyphen, zero-width space and
    /// joiners, word joiner, byte-order mark), typographic spaces and hyphens, and the presentation
    /// and width forms (Latin ligatures such as U+FB01 "ﬁ", Arabic and Hebrew presentation forms,
    /// full- and half-width forms) whose compatibility decomposition is the text they draw.
    /// </summary>
    /// <remarks>
    /// Other compatibility forms (superscripts, fractions, circled and Roman numerals) are left
    /// alone: folding "x²" to "x2" or "½" to "1⁄2" changes what the text says, not how it is drawn.
    /// </remarks>
    private static readonly SearchValues<char> Foldable = SearchValues.Create(FoldableCharacters());

    /// <summary>Hyphens that may end a line inside a word.</summary>
    private static readonly SearchValues<char> LineHyphens = SearchValues.Create("-\u2010\u00AD");

    /// <summary>
    /// The text with presentation forms folded, invisible characters removed and typographic spaces
    /// made plain, in Unicode composed form (NFC); the same instance when nothing changes.
    /// </summary>
    /// <param name="text">Extracted text.</param>
    /// <returns>The normalised text.</returns>
    public static string Fold(string text)
    {
        int first = text.AsSpan().IndexOfAny(Foldable);
        string folded = first < 0 ? text : FoldFrom(text, first);

        // Most text is composed already; the check is a fast scan, the normalisation a copy.
        return folded.IsNormalized(NormalizationForm.FormC) ? folded : folded.Normalize(NormalizationForm.FormC);
    }

    private static string FoldFrom(string text, int first)
    {
        var output = new StringBuilder(text.Length);
        output.Append(text, 0, first);
        ReadOnlySpan<char> rest = text.AsSpan(first);
        while (!rest.IsEmpty)
        {
            int next = rest.IndexOfAny(Foldable);
            if (next < 0)
            {
                output.Append(rest);
                break;
            }

            output.Append(rest[..next]);
            char c = rest[next];
            switch (c)
            {
                case '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF':
                    break;
                case >= '\u2000' and <= '\u200A' or '\u202F' or '\u205F' or '\u3000':
                    output.Append(' ');
                    break;
                case '\u2010' or '\u2011':
                    output.Append('-');
                    break;
                default:
                    // A presentation or width form: its compatibility decomposition is what it draws.
                    output.Append(c.ToString().Normalize(NormalizationForm.FormKC));
                    break;
            }

            rest = rest[(next + 1)..];
        }

        return output.ToString();
    }

    private static string FoldableCharacters()
    {
        var set = new StringBuilder("\u00AD\u200B\u200C\u200D\u2060\uFEFF\u202F\u205F\u3000\u2010\u2011");
        AppendRange(set, '\u2000', '\u200A');
        AppendRange(set, '\uFB00', '\uFDFF'); // alphabetic presentation forms, Arabic presentation forms A
        AppendRange(set, '\uFE70', '\uFEFC'); // Arabic presentation forms B
        AppendRange(set, '\uFF01', '\uFFEE'); // half-width and full-width forms
        return set.ToString();

        static void AppendRange(StringBuilder set, char from, char to)
        {
            for (char c = from; c <= to; c++)
            {
                // Only forms that really decompose: the blocks have unassigned holes.
                string s = c.ToString();
                if (char.GetUnicodeCategory(c) != UnicodeCategory.OtherNotAssigned && !s.IsNormalized(NormalizationForm.FormKC))
                {
                    set.Append(c);
                }
            }
        }
    }

    /// <summary>
    /// Joins words a layout broke at a line end with a hyphen ("un-\nwelcome" becomes "unwelcome"),
    /// keeping the hyphen where the book itself writes the word with one ("apt-\nget" stays
    /// "apt-get" when "apt-get" appears elsewhere in it and "aptget" does not); a soft hyphen always
    /// joins. Only a break between two letters, the second in lower case, is a candidate.
    /// </summary>
    /// <param name="text">Text whose line ends are still newlines (a PDF's, a scan's, a typed text's).</param>
    /// <returns>The text with those line ends removed; the same instance when there are none.</returns>
    public static string JoinHyphenatedLines(string text)
    {
        List<(int Hyphen, int Next)>? breaks = null;
        int from = 0;
        while (from < text.Length)
        {
            int newline = text.IndexOf('\n', from);
            if (newline < 0)
            {
                break;
            }

            from = newline + 1;
            int before = newline - 1;
            while (before >= 0 && text[before] is ' ' or '\t' or '\r')
            {
                before--;
            }

            int after = newline + 1;
            while (after < text.Length && text[after] is ' ' or '\t')
            {
                after++;
            }

            if (before >= 1 && LineHyphens.Contains(text[before]) && char.IsLetter(text[before - 1])
                && after < text.Length && char.IsLower(text[after]))
            {
                (breaks ??= []).Add((before, after));
            }
        }

        if (breaks is null)
        {
            return text;
        }

        // Only the words that decide a break are looked up: each break's two spellings.
        var spellings = new List<(string Hyphenated, string Joined)>(breaks.Count);
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((int hyphen, int next) in breaks)
        {
            (string left, string right) = Halves(text, hyphen, next);
            spellings.Add((left + "-" + right, left + right));
            wanted.Add(left + "-" + right);
            wanted.Add(left + right);
        }

        HashSet<string> written = WordsAmong(text, wanted);
        var output = new StringBuilder(text.Length);
        int copied = 0;
        for (int i = 0; i < breaks.Count; i++)
        {
            (int hyphen, int next) = breaks[i];
            output.Append(text, copied, hyphen - copied);
            if (text[hyphen] != '\u00AD' && written.Contains(spellings[i].Hyphenated) && !written.Contains(spellings[i].Joined))
            {
                output.Append('-');
            }

            copied = next;
        }

        output.Append(text, copied, text.Length - copied);
        return output.ToString();
    }

    /// <summary>The letters before a line-end hyphen and after the line break.</summary>
    private static (string Left, string Right) Halves(string text, int hyphen, int next)
    {
        int start = hyphen;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        int end = next;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        return (text[start..hyphen], text[next..end]);
    }

    /// <summary>Which of <paramref name="wanted"/> the text writes as words (letters with single inner hyphens), ignoring case.</summary>
    private static HashSet<string> WordsAmong(string text, HashSet<string> wanted)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup = wanted.GetAlternateLookup<ReadOnlySpan<char>>();
        int longest = wanted.Max(w => w.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || (text[i] == '-' && i > start && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            // Most words are not wanted: only those short enough are hashed.
            if (i - start <= longest && lookup.TryGetValue(text.AsSpan(start, i - start), out string? word))
            {
                found.Add(word);
            }
        }

        return found;
    }
}
