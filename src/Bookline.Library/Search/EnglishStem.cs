using System.Buffers;

namespace Bookline.Library.Search;

/// <summary>
/// A light English stemmer for grouping the catalog's words: plurals, -ed, -ing and -ly come off, so
/// that "whales", "whaling" and "whale" share a stem. It is never applied to the index: a query word
/// is widened to the catalog's words with its stem (<see cref="Vocabulary"/>), which is why both
/// stores find the same books. Words that are not plain Latin letters are their own stem.
/// </summary>
internal static class EnglishStem
{
    private static readonly SearchValues<char> Vowels = SearchValues.Create("aeiouy");

    /// <summary>The stem of a folded word; always a string that the word starts with but for its last character.</summary>
    public static string Of(string word)
    {
        if (word.Length < 4 || !IsLatin(word))
        {
            return word;
        }

        string w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "i";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith("es", StringComparison.Ordinal) && (w.EndsWith("xes", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("zes", StringComparison.Ordinal)))
        {
            w = w[..^2];
        }
        else if (w[^1] == 's' && w[^2] is not 's' and not 'u' and not 'i')
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length >= 6 && HasVowel(w.AsSpan(0, w.Length - 3)))
        {
            w = Undouble(w[..^3]);
        }
        else if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            w = w.Length > 5 ? w[..^1] : w;
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length >= 5 && HasVowel(w.AsSpan(0, w.Length - 2)))
        {
            w = Undouble(w[..^2]);
        }
        else if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length >= 6)
        {
            w = w[..^2];
        }

        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }
        else if (w.Length > 3 && w[^1] == 'y')
        {
            w = w[..^1] + "i";
        }

        return w;
    }

    private static bool IsLatin(string word)
    {
        foreach (char c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasVowel(ReadOnlySpan<char> part) => part.IndexOfAny(Vowels) >= 0;

    /// <summary>"runn" from "running" is "run"; a doubled l, s or z stays ("falling" is "fall").</summary>
    private static string Undouble(string stem) =>
        stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not 'l' and not 's' and not 'z' and not 'a' and not 'e' and not 'i' and not 'o' and not 'u'
            ? stem[..^1]
            : stem;
}
