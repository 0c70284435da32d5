using System.Globalization;
using System.Text;

namespace Bookline.Library.Search;

/// <summary>
/// How Bookline cuts text into searchable words, the same for every store and for queries: a word is a
/// run of letters and digits (an apostrophe, a hyphen or any other symbol separates), folded to lower
/// case and without diacritics. The stores index the words this makes, never their own tokenizer's,
/// so that a query finds the same books in each.
/// </summary>
internal static class SearchText
{
    /// <summary>The longest word kept whole; a longer run of letters is cut (PostgreSQL refuses words over 2,047 bytes).</summary>
    public const int LongestWord = 200;

    /// <summary>A word of a text: where it is in the text and its folded form.</summary>
    public readonly record struct Word(int Start, int Length, string Folded);

    /// <summary>Whether a character belongs to a word: letters, digits and the marks on them (characters outside the Basic Multilingual Plane, emoji among them, do not).</summary>
    public static bool IsWordCharacter(char c) => c < 0x80 ? char.IsAsciiLetterOrDigit(c) : IsOtherWordCharacter(c);

    private static bool IsOtherWordCharacter(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
        _ => false,
    };

    /// <summary>The words of a text, in order, with where each stands.</summary>
    public static IEnumerable<Word> Words(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (!IsWordCharacter(c) || (c >= 0x80 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && IsWordCharacter(text[i]) && i - start < LongestWord)
            {
                i++;
            }

            string folded = Fold(text.AsSpan(start, i - start));
            if (folded.Length > 0)
            {
                yield return new Word(start, i - start, folded);
            }
        }
    }

    /// <summary>The folded words of a text joined by single spaces: what an index is given for it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="words">Where to add each distinct word, when given.</param>
    public static string Normalize(string? text, HashSet<string>? words = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var output = new StringBuilder(text.Length);
        foreach (Word word in Words(text))
        {
            words?.Add(word.Folded);
            if (output.Length > 0)
            {
                output.Append(' ');
            }

            output.Append(word.Folded);
        }

        return output.ToString();
    }

    /// <summary>Lower case without diacritics (é is e, Å is a); letters that are not a base letter with a mark (ø, ß) stay.</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        char[] table = FoldTable.Value;
        Span<char> folded = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        int length = 0;
        foreach (char c in word)
        {
            char f = table[c];
            if (f == Complex)
            {
                return FoldSlowly(word);
            }

            if (f != Dropped)
            {
                folded[length++] = f;
            }
        }

        return new string(folded[..length]);
    }

    /// <summary>In <see cref="FoldTable"/>: the character folds to more than one, or only with its neighbours.</summary>
    private const char Complex = '\uFFFF';

    /// <summary>In <see cref="FoldTable"/>: the character is a mark, dropped.</summary>
    private const char Dropped = '\0';

    /// <summary>Each character of the Basic Multilingual Plane folded (lower case, diacritics off) to one character, or Complex or Dropped; made once, on first use.</summary>
    private static readonly Lazy<char[]> FoldTable = new(() =>
    {
        var table = new char[char.MaxValue + 1];
        for (int i = 0; i <= char.MaxValue; i++)
        {
            char c = (char)i;
            if (i < 0x80)
            {
                table[i] = char.ToLowerInvariant(c);
                continue;
            }

            if (char.IsSurrogate(c))
            {
                table[i] = Complex;
                continue;
            }

            try
            {
                string slow = FoldSlowly([c]);
                table[i] = slow.Length switch { 0 => Dropped, 1 when slow[0] != Complex => slow[0], _ => Complex };
            }
            catch (ArgumentException)
            {
                table[i] = char.ToLowerInvariant(c); // not a character Unicode can normalise (a noncharacter)
            }
        }

        return table;
    });

    private static string FoldSlowly(ReadOnlySpan<char> word)
    {
        string decomposed = word.ToString().Normalize(NormalizationForm.FormD);
        var output = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            output.Append(char.ToLowerInvariant(c));
        }

        return output.ToString().Normalize(NormalizationForm.FormC);
    }
}
