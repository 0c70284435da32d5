using Bookline.Library.Catalog;

namespace Bookline.Library.Search;

/// <summary>
/// A search, the same for every store: the query is parsed, its plain words widened to the catalog's
/// words with their stem, and the store finds the books. Unless the search is exact, a second pass
/// widens the words to their corrections too, and the books it adds come after the exact ones; a
/// query whose words the catalog lacks gets a "did you mean". Then each hit gets its snippet.
/// </summary>
internal static class CatalogSearch
{
    /// <summary>How many passages a snippet quotes at most: the best one, and one for each looked-for word it lacks.</summary>
    private const int MaxPassages = 3;

    /// <summary>
    /// How many matching passages of a book are read to choose the one to quote: the first (in the book's order) with every
    /// looked-for word, else with any. Choosing among more cost more than the rest of the search: ranking them in the store
    /// (FTS5's bm25) quadrupled the store's time, and tokenizing eight of them here made a search twice as slow.
    /// </summary>
    public const int PassagesRead = 1;

    public static async Task<SearchResults> SearchAsync(ISearchStore store, SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Limit, 1);
        SearchQuery parsed = SearchQuery.Parse(request.Query);
        var notes = new List<string>(parsed.Notes);
        QueryNode? root = WithFilter(parsed.Root, request.Filter);
        if (root is null)
        {
            notes.Add("The query has no word to search for.");
            return new SearchResults([]) { Notes = notes };
        }

        Vocabulary vocabulary = await store.VocabularyAsync(cancellationToken).ConfigureAwait(false);
        QueryNode exact = QueryExpansion.Expand(root, vocabulary, typos: false);
        var hits = new List<SearchHit>(await store.FindAsync(exact, request.Limit, cancellationToken).ConfigureAwait(false));
        int exactCount = hits.Count;
        QueryNode matched = exact;
        string? suggestion = null;
        if (!request.Exact)
        {
            QueryNode tolerant = QueryExpansion.Expand(root, vocabulary, typos: true);
            if (!tolerant.Equals(exact) && hits.Count < request.Limit)
            {
                var seen = hits.Select(h => h.Id).ToHashSet();
                foreach (SearchHit hit in await store.FindAsync(tolerant, request.Limit, cancellationToken).ConfigureAwait(false))
                {
                    if (hits.Count < request.Limit && seen.Add(hit.Id))
                    {
                        hits.Add(hit with { IsCorrected = true });
                    }
                }

                matched = tolerant;
            }

            IReadOnlyDictionary<string, string> corrections = QueryExpansion.Corrections(root, vocabulary);
            if (corrections.Count > 0 && hits.Count > exactCount && exactCount * 2 <= hits.Count - exactCount)
            {
                suggestion = QueryExpansion.Replace(parsed.Root ?? root, corrections).ToString();
            }
        }

        QueryNode[] leaves = [.. QueryExpansion.Positive(matched).Where(l => l is WordsQuery or WordQuery or PhraseQuery or NearQuery)];
        await AddSnippetsAsync(store, hits, leaves, cancellationToken).ConfigureAwait(false);
        return new SearchResults(hits) { Understood = root.ToString(), Suggestion = suggestion, Notes = notes };
    }

    /// <summary>The query narrowed by the filter's shelf, format and author.</summary>
    private static QueryNode? WithFilter(QueryNode? root, SearchFilter? filter)
    {
        var parts = new List<QueryNode>();
        if (root is not null)
        {
            parts.Add(root);
        }

        if (filter?.Shelf is { Length: > 0 } shelf)
        {
            parts.Add(new FilterQuery(SearchField.Shelf, shelf));
        }

        if (filter?.Format is { Length: > 0 } format)
        {
            parts.Add(new FilterQuery(SearchField.Format, format));
        }

        if (filter?.Author is { Length: > 0 } author && SearchQuery.Parse(author).Root is { } authorWords)
        {
            parts.Add(ToAuthor(authorWords));
        }

        return parts.Count switch { 0 => null, 1 => parts[0], _ => new AllQuery(parts) };

        static QueryNode ToAuthor(QueryNode node) => node switch
        {
            WordQuery word => word with { Field = SearchField.Author },
            PhraseQuery phrase => phrase with { Field = SearchField.Author },
            AllQuery all => new AllQuery([.. all.Parts.Select(ToAuthor)]),
            _ => node,
        };
    }

    /// <summary>Gives each hit its snippet: the passages for its words, asked of the store for every hit at once, then again for the words the first passages lack.</summary>
    private static async Task AddSnippetsAsync(ISearchStore store, List<SearchHit> hits, QueryNode[] leaves, CancellationToken cancellationToken)
    {
        var passages = hits.Select(_ => new List<string>()).ToArray();
        QueryNode[][] wanted = [.. hits.Select(_ => leaves.Where(l => FieldOf(l) == SearchField.Any).ToArray())];
        for (int round = 0; round < MaxPassages; round++)
        {
            int[] asking = [.. Enumerable.Range(0, hits.Count).Where(i => wanted[i].Length > 0)];
            if (asking.Length == 0)
            {
                break;
            }

            IReadOnlyList<IReadOnlyList<string>> found = await store.PassagesAsync(
                [.. asking.Select(i => new PassageRequest(hits[i].Id, wanted[i], round == 0 ? hits[i].BestPassage : null))], cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < asking.Length; k++)
            {
                int i = asking[k];
                var looked = new WordMatcher(wanted[i]);
                (string Text, HashSet<string> Words, int Score)? best = null;
                foreach (string candidate in found[k])
                {
                    var words = SearchText.Words(candidate).Select(w => w.Folded).ToHashSet(StringComparer.Ordinal);
                    int score = wanted[i].Count(l => Covered(l, words)) * 1000 + Math.Min(999, words.Count(looked.Matches));
                    if (best is null || score > best.Value.Score)
                    {
                        best = (candidate, words, score);
                    }
                }

                if (best is not { } chosen || passages[i].Contains(chosen.Text))
                {
                    wanted[i] = [];
                    continue;
                }

                passages[i].Add(chosen.Text);
                wanted[i] = [.. wanted[i].Where(l => !Covered(l, chosen.Words))];
            }
        }

        var matcher = new WordMatcher(leaves);
        for (int i = 0; i < hits.Count; i++)
        {
            (string text, IReadOnlyList<Highlight> highlights) = SnippetBuilder.Build(passages[i].Count > 0 ? passages[i] : [hits[i].Title], matcher);
            hits[i] = hits[i] with { Snippet = text, Highlights = highlights };
        }
    }

    private static SearchField FieldOf(QueryNode leaf) => leaf switch
    {
        WordsQuery words => words.Field,
        WordQuery word => word.Field,
        PhraseQuery phrase => phrase.Field,
        NearQuery near => near.Field,
        _ => SearchField.Any,
    };

    /// <summary>Whether a passage with these words quotes the leaf (a phrase is taken as quoted when all its words are there).</summary>
    private static bool Covered(QueryNode leaf, HashSet<string> words) => leaf switch
    {
        WordsQuery any => any.Words.Any(words.Contains),
        WordQuery { IsPrefix: true } prefix => words.Any(w => w.StartsWith(prefix.Word, StringComparison.Ordinal)),
        WordQuery word => words.Contains(word.Word),
        PhraseQuery phrase => phrase.Words.All(w => words.Contains(w) || (phrase.LastIsPrefix && w == phrase.Words[^1])),
        NearQuery near => near.Words.All(words.Contains),
        _ => true,
    };
}
