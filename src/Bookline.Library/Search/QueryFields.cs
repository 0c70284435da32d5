namespace Bookline.Library.Search;

/// <summary>The field names of the query language and the words it reads as operators.</summary>
internal static class QueryFields
{
    private static readonly Dictionary<string, SearchField> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = SearchField.Title,
        ["author"] = SearchField.Author,
        ["authors"] = SearchField.Author,
        ["by"] = SearchField.Author,
        ["series"] = SearchField.Series,
        ["tag"] = SearchField.Tag,
        ["tags"] = SearchField.Tag,
        ["filename"] = SearchField.FileName,
        ["file"] = SearchField.FileName,
        ["shelf"] = SearchField.Shelf,
        ["format"] = SearchField.Format,
        ["lang"] = SearchField.Language,
        ["language"] = SearchField.Language,
        ["isbn"] = SearchField.Isbn,
        ["year"] = SearchField.Year,
    };

    /// <summary>The field a name stands for (any case, with its aliases), if any.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out SearchField field) =>
        Names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out field);

    /// <summary>The name the query language writes for a field.</summary>
    public static string Name(SearchField field) => field switch
    {
        SearchField.Title => "title",
        SearchField.Author => "author",
        SearchField.Series => "series",
        SearchField.Tag => "tag",
        SearchField.FileName => "filename",
        SearchField.Shelf => "shelf",
        SearchField.Format => "format",
        SearchField.Language => "lang",
        SearchField.Isbn => "isbn",
        SearchField.Year => "year",
        _ => "any",
    };

    /// <summary>Whether the field is matched on words of the book (the others filter on its record).</summary>
    public static bool IsText(SearchField field) => field <= SearchField.FileName;
}
