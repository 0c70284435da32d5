namespace Bookline.Library.Search;

/// <summary>
/// Compiles a widened query into a SQL condition on a store's books (alias <c>b</c>) with its
/// parameters. The tree's shape (AND, OR, NOT) is compiled here, once; each store compiles the leaves.
/// Every leaf is true or false, never NULL, so that NOT means the same in both stores.
/// </summary>
internal abstract class SearchSql
{
    private readonly List<(string Name, object Value)> _parameters = [];

    /// <summary>The values the condition refers to.</summary>
    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    /// <summary>The condition a book must meet to match the query.</summary>
    public string Where(QueryNode node) => Whole(node) ?? node switch
    {
        AllQuery all => "(" + string.Join(" AND ", all.Parts.Select(Where)) + ")",
        AnyQuery any => "(" + string.Join(" OR ", any.Parts.Select(Where)) + ")",
        NotQuery not => "(NOT " + Where(not.Part) + ")",
        WordsQuery words => Words(words.Field, words.Words, prefix: false),
        WordQuery word => Words(word.Field, [word.Word], word.IsPrefix),
        PhraseQuery phrase => Phrase(phrase),
        NearQuery near => "(" + string.Join(" AND ", Pairs(near.Words).Select(pair => Near(near.Field, pair.First, pair.Second, near.Distance))) + ")",
        FilterQuery filter => Filter(filter.Field, filter.Value),
        YearQuery year => Year(year.From, year.To),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "Not a query part."),
    };

    /// <summary>Whether every book the query matches has one of its positive text leaves (so a search may start from the books those match).</summary>
    public static bool RequiresText(QueryNode node) => node switch
    {
        WordsQuery or WordQuery or PhraseQuery or NearQuery => true,
        AllQuery all => all.Parts.Any(RequiresText),
        AnyQuery any => any.Parts.All(RequiresText),
        _ => false,
    };

    /// <summary>The condition for a whole part of the query in one go, when the store can do better than part by part; null otherwise.</summary>
    protected virtual string? Whole(QueryNode node) => null;

    /// <summary>Adds a parameter and returns how the SQL refers to it.</summary>
    protected string Parameter(object value)
    {
        string name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return Marker(name);
    }

    /// <summary>How the store's SQL writes a parameter's name (<c>$p0</c>, <c>@p0</c>).</summary>
    protected abstract string Marker(string name);

    /// <summary>The book has any of the words (or a word starting with the one prefix) in the field.</summary>
    protected abstract string Words(SearchField field, IReadOnlyList<string> words, bool prefix);

    /// <summary>The book has the phrase in the field (in its text: within one passage).</summary>
    protected abstract string Phrase(PhraseQuery phrase);

    /// <summary>The two words stand within the distance of each other in the field (in its text: within one passage).</summary>
    protected abstract string Near(SearchField field, string first, string second, int distance);

    /// <summary>The book's record has the value: shelf, format, language or ISBN.</summary>
    protected abstract string Filter(SearchField field, string value);

    /// <summary>The book was published within the years.</summary>
    protected abstract string Year(int? from, int? to);

    private static IEnumerable<(string First, string Second)> Pairs(IReadOnlyList<string> words)
    {
        for (int i = 0; i < words.Count; i++)
        {
            for (int j = i + 1; j < words.Count; j++)
            {
                yield return (words[i], words[j]);
            }
        }
    }
}
