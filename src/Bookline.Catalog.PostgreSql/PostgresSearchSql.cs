using System.Globalization;
using System.Text;
using Bookline.Library.Search;

namespace Bookline.Catalog.PostgreSql;

/// <summary>
/// Compiles a query's leaves for the PostgreSQL catalog: words and prefixes against the book's word
/// vector (every word of its text and metadata, without positions) or a field's vector, phrases and
/// proximity against the passages' vectors (one passage each) and the fields', filters against the
/// book's record. Query vectors are written as tsquery text from Bookline's own words and cast, never
/// parsed by the server, so they hold exactly the words the indexes do.
/// </summary>
internal sealed class PostgresSearchSql : SearchSql
{
    private static readonly string[] FieldColumns = ["title_tsv", "author_tsv", "series_tsv", "tag_tsv", "file_tsv"];

    /// <summary>A word as a tsquery or tsvector lexeme.</summary>
    public static string Lexeme(string word) => "'" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The tsquery for any of the words, or for the prefix.</summary>
    public static string AnyWord(IReadOnlyList<string> words, bool prefix) =>
        prefix ? Lexeme(words[0]) + ":*" : "(" + string.Join(" | ", words.Select(Lexeme)) + ")";

    /// <summary>The tsquery for a phrase.</summary>
    public static string PhraseQuery(PhraseQuery phrase) =>
        "(" + string.Join(" <-> ", phrase.Words.Select((w, i) => Lexeme(w) + (phrase.LastIsPrefix && i == phrase.Words.Count - 1 ? ":*" : string.Empty))) + ")";

    /// <summary>The tsquery for two words within a distance of each other, in either order.</summary>
    public static string NearQuery(string first, string second, int distance)
    {
        var parts = new List<string>();
        for (int gap = 1; gap <= distance + 1; gap++)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Lexeme(first)} <{gap}> {Lexeme(second)}"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Lexeme(second)} <{gap}> {Lexeme(first)}"));
        }

        return "(" + string.Join(" | ", parts) + ")";
    }

    /// <summary>The tsvector text of a folded text: each word with its positions (1-based, as PostgreSQL caps them).</summary>
    public static string Vector(string folded)
    {
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        int position = 0;
        foreach (string word in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            position = Math.Min(position + 1, 16383);
            if (!positions.TryGetValue(word, out List<int>? list))
            {
                positions[word] = list = [];
            }

            if (list.Count < 256)
            {
                list.Add(position);
            }
        }

        var vector = new StringBuilder();
        foreach ((string word, List<int> list) in positions)
        {
            vector.Append(Lexeme(word)).Append(':').AppendJoin(',', list).Append(' ');
        }

        return vector.ToString();
    }

    /// <summary>The vector column of a field.</summary>
    public static string ColumnOf(SearchField field) => field switch
    {
        SearchField.Title => "b.title_tsv",
        SearchField.Author => "b.author_tsv",
        SearchField.Series => "b.series_tsv",
        SearchField.Tag => "b.tag_tsv",
        SearchField.FileName => "b.file_tsv",
        _ => "b.word_tsv",
    };

    /// <inheritdoc />
    protected override string Marker(string name) => "@" + name;

    /// <inheritdoc />
    protected override string Words(SearchField field, IReadOnlyList<string> words, bool prefix) =>
        $"({ColumnOf(field)} @@ {Parameter(AnyWord(words, prefix))}::tsquery)";

    /// <inheritdoc />
    protected override string Phrase(PhraseQuery phrase) => InPassagesOrFields(phrase.Field, PhraseQuery(phrase));

    /// <inheritdoc />
    protected override string Near(SearchField field, string first, string second, int distance) => InPassagesOrFields(field, NearQuery(first, second, distance));

    /// <inheritdoc />
    protected override string Filter(SearchField field, string value) => field switch
    {
        SearchField.Shelf => $"(lower(b.shelf) = lower({Parameter(value)}))",
        SearchField.Format => $"EXISTS (SELECT 1 FROM files x WHERE x.book_id = b.id AND x.status = 'present' AND lower(x.format) = lower({Parameter(value.TrimStart('.'))}))",
        SearchField.Language => Language(Parameter(value.ToLowerInvariant())),
        SearchField.Isbn => $"""
            EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(b.metadata::jsonb -> 'Identifiers', '[]'::jsonb)) j(v)
                    WHERE lower(left(j.v, 5)) = 'isbn:' AND upper(translate(substr(j.v, 6), '- ', '')) = {Parameter(value)})
            """,
        _ => "false",
    };

    /// <inheritdoc />
    protected override string Year(int? from, int? to)
    {
        const string published = "left(coalesce(b.metadata::jsonb ->> 'Published', ''), 4)";
        string year = $"(CASE WHEN {published} ~ '^[0-9][0-9][0-9][0-9]$' THEN {published}::integer END)";
        string lower = from is null ? "true" : $"{year} >= {Parameter(from)}";
        string upper = to is null ? "true" : $"{year} <= {Parameter(to)}";
        return $"coalesce({lower} AND {upper}, false)";
    }

    private static string Language(string value) => $"""
        (lower(coalesce(b.language, '')) = {value} OR left(lower(coalesce(b.language, '')), length({value}) + 1) = {value} || '-'
         OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(b.metadata::jsonb -> 'Languages', '[]'::jsonb)) j(v)
                    WHERE lower(j.v) = {value} OR left(lower(j.v), length({value}) + 1) = {value} || '-'))
        """;

    /// <summary>In a book's text a phrase must stand within one passage; in its metadata, within one field.</summary>
    private string InPassagesOrFields(SearchField field, string query)
    {
        string q = Parameter(query) + "::tsquery";
        if (field != SearchField.Any)
        {
            return $"({ColumnOf(field)} @@ {q})";
        }

        string fields = string.Join(" OR ", FieldColumns.Select(c => $"b.{c} @@ {q}"));
        return $"(b.id IN (SELECT p.book_id FROM passages p WHERE p.tsv @@ {q}) OR {fields})";
    }
}
