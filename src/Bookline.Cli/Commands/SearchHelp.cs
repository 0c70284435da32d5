using Bookline.Library.Search;

namespace Bookline.Cli.Commands;

/// <summary>How to search, as <c>bookline search --help</c> tells it (the lines are <see cref="SearchSyntax"/>'s, which the web page shows too).</summary>
internal static class SearchHelp
{
    /// <summary>The command's description with the language.</summary>
    public static string Text =>
        "Search the catalog: the text of every book, its metadata and file names; best matches first.\n\n"
        + string.Join('\n', SearchSyntax.Examples.Select(l => $"  {l.Example,-40} {l.Meaning}"))
        + "\n\n" + SearchSyntax.Matching + " --exact turns that off. "
        + "No query is an error: a symbol is a separator, an operator out of place is a word, an unclosed quote runs to the end.";
}
