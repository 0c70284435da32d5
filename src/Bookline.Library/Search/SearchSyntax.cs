namespace Bookline.Library.Search;

/// <summary>The query language in examples, for help texts: the same lines in the CLI's help and on the web page.</summary>
public static class SearchSyntax
{
    /// <summary>Each example query with what it finds.</summary>
    public static IReadOnlyList<(string Example, string Meaning)> Examples { get; } =
    [
        ("whale ahab", "books with every word, in the text, title, authors, series, tags or file names"),
        ("\"white whale\"", "the exact phrase (within one passage of the text, or one field)"),
        ("whale OR leviathan", "either word (OR in capitals)"),
        ("whale -ahab, whale NOT ahab", "the first word without the second"),
        ("whal*", "words starting with whal"),
        ("NEAR(whale ahab, 5)", "the words at most 5 words apart (10 when no number is given)"),
        ("(whale OR ship) sea", "parentheses group"),
        ("title: author: series: tag: filename:", "a word or \"phrase\" in that field only: title:\"moby dick\""),
        ("shelf: format: lang: isbn:", "books on a shelf, with a file in a format, in a language, with an ISBN"),
        ("year:1850..1900, year:1851, year:..1900", "books published in those years"),
    ];

    /// <summary>How words are matched, in one paragraph.</summary>
    public static string Matching { get; } =
        "Words are found in every form with their stem (whales, whaling) and without regard to case or accents. A word the catalog does not have, of 5 letters or more, "
        + "is also looked for with one typo (9 or more: two); such hits come after the exact ones, and a \"did you mean\" is shown.";
}
