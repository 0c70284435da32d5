namespace Bookline.Cli.Commands;

/// <summary>How to search: the query language, as <c>bookline search --help</c> and the web page's panel tell it.</summary>
internal static class SearchHelp
{
    /// <summary>Each line: an example and what it finds.</summary>
    public static readonly (string Example, string Meaning)[] Lines =
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

    /// <summary>The command's description with the language.</summary>
    public static string Text =>
        "Search the catalog: the text of every book, its metadata and file names; best matches first.\n\n"
        + string.Join('\n', Lines.Select(l => $"  {l.Example,-40} {l.Meaning}"))
        + "\n\nWords are found in every form with their stem (whales, whaling) and without regard to case or accents. A word the catalog does not have, of 5 letters or more, "
        + "is also looked for with one typo (9 or more: two); such hits come after the exact ones, and a \"did you mean\" is shown. --exact turns that off. "
        + "No query is an error: a symbol is a separator, an operator out of place is a word, an unclosed quote runs to the end.";
}
