using System.Globalization;
using Bookline.Library.Catalog;
using Bookline.Library.Search;

namespace Bookline.Catalog.Sqlite;

/// <summary>
/// Compiles a query's leaves for the SQLite catalog: words and prefixes against the book index (all
/// of a book's words, in columns title, author, series, tags, files, body), phrases and proximity
/// against the passage index (one passage each) and the field index, filters against the book's record.
/// </summary>
internal sealed class SqliteSearchSql : SearchSql
{
    private const string EmptyJson = "'{}'";

    /// <summary>A word as an FTS5 string: every word is quoted, so none is read as an operator.</summary>
    public static string Quoted(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The FTS5 expression for any of the words, or for the prefix.</summary>
    public static string AnyWord(IReadOnlyList<string> words, bool prefix, string? column) =>
        prefix ? Column(column, Quoted(words[0]) + " *") : "(" + string.Join(" OR ", words.Select(w => Column(column, Quoted(w)))) + ")";

    /// <summary>The FTS5 expression for a phrase.</summary>
    public static string PhraseExpression(PhraseQuery phrase, string? column) =>
        Column(column, Quoted(string.Join(' ', phrase.Words)) + (phrase.LastIsPrefix ? " *" : string.Empty));

    /// <summary>The FTS5 expression for two words near each other.</summary>
    public static string NearExpression(string first, string second, int distance, string? column) =>
        Column(column, string.Create(CultureInfo.InvariantCulture, $"NEAR({Quoted(first)} {Quoted(second)}, {distance})"));

    /// <summary>The column of the book and field indexes a field is; null for every column.</summary>
    public static string? ColumnOf(SearchField field) => field switch
    {
        SearchField.Title => "title",
        SearchField.Author => "author",
        SearchField.Series => "series",
        SearchField.Tag => "tags",
        SearchField.FileName => "files",
        _ => null,
    };

    /// <summary>
    /// The FTS5 expression for a part made only of words and prefixes looked for anywhere, with AND, OR and NOT (when NOT has
    /// something to subtract from); null for any other part. Such a part is one MATCH of the book index instead of one per word.
    /// </summary>
    public static string? BookWords(QueryNode node)
    {
        switch (node)
        {
            case WordsQuery { Field: SearchField.Any } words:
                return AnyWord(words.Words, false, null);
            case WordQuery { Field: SearchField.Any } word:
                return AnyWord([word.Word], word.IsPrefix, null);
            case AnyQuery any:
                string?[] alternatives = [.. any.Parts.Select(BookWords)];
                return alternatives.All(a => a is not null) ? "(" + string.Join(" OR ", alternatives) + ")" : null;
            case AllQuery all:
                string?[] required = [.. all.Parts.Where(p => p is not NotQuery).Select(BookWords)];
                string?[] excluded = [.. all.Parts.OfType<NotQuery>().Select(n => BookWords(n.Part))];
                if (required.Length == 0 || required.Any(r => r is null) || excluded.Any(e => e is null))
                {
                    return null;
                }

                return "(" + string.Join(" AND ", required) + string.Concat(excluded.Select(e => " NOT " + e)) + ")";
            default:
                return null;
        }
    }

    /// <inheritdoc />
    protected override string? Whole(QueryNode node) =>
        node is AllQuery or AnyQuery && BookWords(node) is { } expression
            ? $"b.id IN (SELECT rowid FROM books_index WHERE books_index MATCH {Parameter(expression)})"
            : null;

    /// <inheritdoc />
    protected override string Marker(string name) => "$" + name;

    /// <inheritdoc />
    protected override string Words(SearchField field, IReadOnlyList<string> words, bool prefix) => field == SearchField.Any
        ? $"b.id IN (SELECT rowid FROM books_index WHERE books_index MATCH {Parameter(AnyWord(words, prefix, null))})"
        : $"b.id IN (SELECT rowid FROM fields_index WHERE fields_index MATCH {Parameter(AnyWord(words, prefix, ColumnOf(field)))})";

    /// <inheritdoc />
    protected override string Phrase(PhraseQuery phrase) => InPassagesOrFields(phrase.Field, column => PhraseExpression(phrase, column));

    /// <inheritdoc />
    protected override string Near(SearchField field, string first, string second, int distance) =>
        InPassagesOrFields(field, column => NearExpression(first, second, distance, column));

    /// <inheritdoc />
    protected override string Filter(SearchField field, string value) => field switch
    {
        SearchField.Shelf => $"(b.shelf = {Parameter(value)} COLLATE NOCASE)",
        SearchField.Format => $"EXISTS (SELECT 1 FROM files x WHERE x.book_id = b.id AND x.status = 'present' AND x.format = {Parameter(value.TrimStart('.'))} COLLATE NOCASE)",
        SearchField.Language => Language(Parameter(value.ToLowerInvariant())),
        SearchField.Isbn => $"""
            EXISTS (SELECT 1 FROM json_each(coalesce(b.metadata, {EmptyJson}), '$.Identifiers') j
                    WHERE lower(substr(j.value, 1, 5)) = 'isbn:' AND upper(replace(replace(substr(j.value, 6), '-', ''), ' ', '')) = {Parameter(value)})
            """,
        _ => "0",
    };

    /// <inheritdoc />
    protected override string Year(int? from, int? to)
    {
        const string published = "substr(json_extract(coalesce(b.metadata, '{}'), '$.Published'), 1, 4)";
        string year = $"(CASE WHEN {published} GLOB '[0-9][0-9][0-9][0-9]' THEN CAST({published} AS INTEGER) END)";
        string lower = from is null ? "1" : $"{year} >= {Parameter(from)}";
        string upper = to is null ? "1" : $"{year} <= {Parameter(to)}";
        return $"coalesce({lower} AND {upper}, 0)";
    }

    private static string Language(string value) => $"""
        (lower(coalesce(b.language, '')) = {value} OR substr(lower(coalesce(b.language, '')), 1, length({value}) + 1) = {value} || '-'
         OR EXISTS (SELECT 1 FROM json_each(coalesce(b.metadata, {EmptyJson}), '$.Languages') j
                    WHERE lower(j.value) = {value} OR substr(lower(j.value), 1, length({value}) + 1) = {value} || '-'))
        """;

    /// <summary>In a book's text a phrase must stand within one passage; in its metadata, within one field.</summary>
    private string InPassagesOrFields(SearchField field, Func<string?, string> expression)
    {
        string fields = $"b.id IN (SELECT rowid FROM fields_index WHERE fields_index MATCH {Parameter(expression(ColumnOf(field)))})";
        return field == SearchField.Any
            ? $"(b.id IN (SELECT rowid >> {TextPassages.PassageBits} FROM passage_index WHERE passage_index MATCH {Parameter(expression(null))}) OR {fields})"
            : fields;
    }

    private static string Column(string? column, string expression) => column is null ? expression : $"{{{column}}} : {expression}";
}
