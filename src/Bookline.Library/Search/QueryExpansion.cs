namespace Bookline.Library.Search;

/// <summary>Widens each plain word of a query to the catalog's words: those with its stem, and with typo tolerance those within its allowed typos.</summary>
internal static class QueryExpansion
{
    /// <summary>The query with every plain word (not a prefix, not in a phrase) replaced by a <see cref="WordsQuery"/>.</summary>
    /// <param name="node">The parsed query.</param>
    /// <param name="vocabulary">The catalog's words.</param>
    /// <param name="typos">Whether to add corrections to the words the catalog lacks; fields other than the default are never corrected.</param>
    public static QueryNode Expand(QueryNode node, Vocabulary vocabulary, bool typos) => node switch
    {
        WordQuery { IsPrefix: false } word => new WordsQuery(word.Word, Alternatives(word, vocabulary, typos), word.Field),
        AllQuery all => new AllQuery([.. all.Parts.Select(p => Expand(p, vocabulary, typos))]),
        AnyQuery any => new AnyQuery([.. any.Parts.Select(p => Expand(p, vocabulary, typos))]),
        NotQuery not => new NotQuery(Expand(not.Part, vocabulary, typos: false)),
        _ => node,
    };

    /// <summary>The plain words the query looks for (not those it excludes) that the catalog lacks, each with its nearest correction, if it has one.</summary>
    public static IReadOnlyDictionary<string, string> Corrections(QueryNode node, Vocabulary vocabulary)
    {
        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (WordQuery word in Positive(node).OfType<WordQuery>())
        {
            if (word is { IsPrefix: false, Field: SearchField.Any } && !Known(word.Word, vocabulary) && vocabulary.Corrections(word.Word) is [var best, ..])
            {
                corrections.TryAdd(word.Word, best.Word);
            }
        }

        return corrections;
    }

    /// <summary>The leaves a book is looked for by (not those it is excluded by), in query order.</summary>
    public static IEnumerable<QueryNode> Positive(QueryNode node) => node switch
    {
        AllQuery all => all.Parts.SelectMany(Positive),
        AnyQuery any => any.Parts.SelectMany(Positive),
        NotQuery => [],
        _ => [node],
    };

    /// <summary>The words, phrases and proximity groups a book is looked for by (not filters), in query order.</summary>
    public static IEnumerable<QueryNode> TextLeaves(QueryNode node) => Positive(node).Where(l => l is WordsQuery or WordQuery or PhraseQuery or NearQuery);

    /// <summary>Those of <see cref="TextLeaves"/> looked for anywhere (in a book's text too), not in one field.</summary>
    public static IEnumerable<QueryNode> InText(QueryNode node) => TextLeaves(node).Where(l => l switch
    {
        WordsQuery words => words.Field == SearchField.Any,
        WordQuery word => word.Field == SearchField.Any,
        PhraseQuery phrase => phrase.Field == SearchField.Any,
        NearQuery near => near.Field == SearchField.Any,
        _ => false,
    });

    /// <summary>The query written again with words replaced.</summary>
    public static QueryNode Replace(QueryNode node, IReadOnlyDictionary<string, string> words) => node switch
    {
        WordQuery word when words.TryGetValue(word.Word, out string? replacement) => word with { Word = replacement },
        AllQuery all => new AllQuery([.. all.Parts.Select(p => Replace(p, words))]),
        AnyQuery any => new AnyQuery([.. any.Parts.Select(p => Replace(p, words))]),
        NotQuery not => not,
        _ => node,
    };

    /// <summary>Whether the catalog has the word, or a word with its stem.</summary>
    private static bool Known(string word, Vocabulary vocabulary) => vocabulary.WithStem(word).Count > 1 || vocabulary.Contains(word);

    private static string[] Alternatives(WordQuery word, Vocabulary vocabulary, bool typos)
    {
        var words = new List<string>(vocabulary.WithStem(word.Word));
        // A word the catalog has in some form is taken as meant: only a word it lacks is corrected (else "whale" would find every "while").
        if (typos && word.Field == SearchField.Any && !Known(word.Word, vocabulary))
        {
            foreach ((string correction, _) in vocabulary.Corrections(word.Word))
            {
                foreach (string form in vocabulary.WithStem(correction))
                {
                    if (words.Count >= Vocabulary.MaxAlternatives)
                    {
                        return [.. words];
                    }

                    if (!words.Contains(form))
                    {
                        words.Add(form);
                    }
                }
            }
        }

        return [.. words];
    }
}
