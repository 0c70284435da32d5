namespace Bookline.Library.Search;

/// <summary>Tells whether a folded word of a text is one a query looks for: one of its words, or one that starts with one of its prefixes.</summary>
internal sealed class WordMatcher
{
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    /// <summary>The matcher for the leaves a book is looked for by.</summary>
    public WordMatcher(IEnumerable<QueryNode> leaves)
    {
        foreach (QueryNode leaf in leaves)
        {
            switch (leaf)
            {
                case WordsQuery words:
                    _words.UnionWith(words.Words);
                    break;
                case WordQuery { IsPrefix: true } prefix:
                    _prefixes.Add(prefix.Word);
                    break;
                case WordQuery word:
                    _words.Add(word.Word);
                    break;
                case PhraseQuery phrase:
                    _words.UnionWith(phrase.LastIsPrefix ? phrase.Words.Take(phrase.Words.Count - 1) : phrase.Words);
                    if (phrase.LastIsPrefix)
                    {
                        _prefixes.Add(phrase.Words[^1]);
                    }

                    break;
                case NearQuery near:
                    _words.UnionWith(near.Words);
                    break;
            }
        }
    }

    /// <summary>Whether a folded word is the word leaf (a form of it, or a word it is the prefix of); null for a leaf that is not one word.</summary>
    public static Func<string, bool>? ForWord(QueryNode leaf) => leaf switch
    {
        WordsQuery any => w => any.Words.Contains(w),
        WordQuery { IsPrefix: true } prefix => w => w.StartsWith(prefix.Word, StringComparison.Ordinal),
        WordQuery word => w => w == word.Word,
        _ => null,
    };

    /// <summary>Whether the word is looked for.</summary>
    public bool Matches(string folded)
    {
        if (_words.Contains(folded))
        {
            return true;
        }

        foreach (string prefix in _prefixes)
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
