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

    /// <summary>The results of the request: kept ones while the store has not changed since they were found, else found now.</summary>
    public static async Task<SearchResults> SearchAsync(ISearchStore store, SearchCache cache, SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Limit, 1);
        if (cache.Capacity == 0)
        {
            return await FindAsync(store, request, cancellationToken).ConfigureAwait(false);
        }

        // The version is read before the search, so results that a commit during the search may have missed are kept under
        // the older version, which the next search no longer sees.
        string version = await store.GetDataVersionAsync(cancellationToken).ConfigureAwait(false);
        if (cache.TryGet(request, version, out SearchResults kept))
        {
            return kept;
        }

        SearchResults results = await FindAsync(store, request, cancellationToken).ConfigureAwait(false);
        cache.Add(request, version, results);
        return results;
    }

    private static async Task<SearchResults> FindAsync(ISearchStore store, SearchRequest request, CancellationToken cancellationToken)
    {
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

        QueryNode[] leaves = [.. QueryExpansion.TextLeaves(matched)];
        QueryNode[] inText = [.. QueryExpansion.InText(matched)];
        IReadOnlyList<SearchText.Word[]> quoted = await AddSnippetsAsync(store, hits, leaves, inText, cancellationToken).ConfigureAwait(false);
        WordProximity.Rerank(hits, quoted, inText);
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

    /// <summary>
    /// Gives each hit its snippet: the passage that ranked it or its first with every word looked for in the text, else with
    /// any, asked of the store for every hit at once; then again for the words the passages so far lack. Choosing among more
    /// passages cost more than the rest of the search: ranking them in the store (FTS5's bm25) quadrupled the store's time, and
    /// tokenizing eight of them here made a search twice as slow.
    /// </summary>
    /// <returns>For each hit, the words of the first passage its snippet quotes (its title when it quotes none).</returns>
    private static async Task<IReadOnlyList<SearchText.Word[]>> AddSnippetsAsync(ISearchStore store, List<SearchHit> hits, QueryNode[] leaves, QueryNode[] inText, CancellationToken cancellationToken)
    {
        var passages = hits.Select(_ => new List<(string Text, SearchText.Word[] Words)>()).ToArray();
        QueryNode[][] wanted = [.. hits.Select(_ => inText)];
        for (int round = 0; round < MaxPassages; round++)
        {
            int[] asking = [.. Enumerable.Range(0, hits.Count).Where(i => wanted[i].Length > 0)];
            if (asking.Length == 0)
            {
                break;
            }

            IReadOnlyList<string?> found = await store.PassagesAsync(
                [.. asking.Select(i => new PassageRequest(hits[i].Id, wanted[i], round == 0 ? hits[i].BestPassage : null))], cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < asking.Length; k++)
            {
                int i = asking[k];
                if (found[k] is not { } passage || passages[i].Exists(p => p.Text == passage))
                {
                    wanted[i] = [];
                    continue;
                }

                SearchText.Word[] words = [.. SearchText.Words(passage)];
                passages[i].Add((passage, words));
                var folded = words.Select(w => w.Folded).ToHashSet(StringComparer.Ordinal);
                wanted[i] = [.. wanted[i].Where(l => !Covered(l, folded))];
            }
        }

        var matcher = new WordMatcher(leaves);
        var quoted = new SearchText.Word[hits.Count][];
        for (int i = 0; i < hits.Count; i++)
        {
            if (passages[i].Count == 0)
            {
                passages[i].Add((hits[i].Title, [.. SearchText.Words(hits[i].Title)]));
            }

            (string text, IReadOnlyList<Highlight> highlights) = SnippetBuilder.Build(passages[i], matcher);
            hits[i] = hits[i] with { Snippet = text, Highlights = highlights };
            quoted[i] = passages[i][0].Words;
        }

        return quoted;
    }

    /// <summary>Whether a passage with these words quotes the leaf (a phrase is taken as quoted when all its words are there).</summary>
    private static bool Covered(QueryNode leaf, HashSet<string> words) => leaf switch
    {
        WordsQuery or WordQuery => words.Any(WordMatcher.ForWord(leaf)!),
        PhraseQuery phrase => phrase.Words.All(w => words.Contains(w) || (phrase.LastIsPrefix && w == phrase.Words[^1])),
        NearQuery near => near.Words.All(words.Contains),
        _ => true,
    };
}
