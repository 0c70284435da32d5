using System.CommandLine;
using System.Text.Json;
using Bookline.Library.Catalog;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline search "&lt;query&gt;"</c>: ranked full-text search with highlighted snippets.</summary>
internal static class SearchCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var query = new Argument<string>("query") { Description = "What to find, in Bookline's query language (below). Any text is a query." };
        var catalog = CatalogOption.Create();
        var limit = CountOption.Create("--limit", "The most results to show.", 10);
        var shelf = new Option<string?>("--shelf") { Description = "Only books on this shelf." };
        var format = new Option<string?>("--format") { Description = "Only books of this format: txt, html, epub or pdf." };
        var author = new Option<string?>("--author") { Description = "Only books with these words in their authors (as author:...)." };
        var exact = new Option<bool>("--exact") { Description = "Find the words only as typed: no typo tolerance, no \"did you mean\"." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON: the query understood, a suggestion, notes and the hits." };
        var command = new Command("search", SearchHelp.Text) { query, catalog, limit, shelf, format, author, exact, json };
        command.SetAction(async (parse, stop) =>
        {
            string text = parse.GetValue(query)!;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UserException("The search query is empty.") { ExitCode = ExitCodes.Usage };
            }

            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            var request = new SearchRequest(text)
            {
                Filter = new SearchFilter(parse.GetValue(shelf), parse.GetValue(format), parse.GetValue(author)),
                Limit = parse.GetValue(limit),
                Exact = parse.GetValue(exact),
            };
            SearchResults results = await store.SearchAsync(request, stop);
            IReadOnlyList<SearchHit> hits = results.Hits;
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
                {
                    Query = text,
                    results.Understood,
                    results.Suggestion,
                    results.Notes,
                    Hits = hits.Select(h => new { h.Id, h.Title, h.Author, h.Shelf, h.Format, h.Path, h.Rank, h.IsCorrected, h.Snippet, h.Highlights }),
                }, JsonOutput.Options));
                return ExitCodes.Success;
            }

            foreach (string note in results.Notes)
            {
                console.MarkupLine($"[grey]{TerminalText.Escape(note)}[/]");
            }

            if (results.Suggestion is { } suggestion)
            {
                console.MarkupLine($"Did you mean [bold]{TerminalText.Escape(suggestion)}[/]?");
            }

            if (hits.Count == 0)
            {
                console.MarkupLine($"No book matches [bold]{TerminalText.Escape(text)}[/].");
                return ExitCodes.Success;
            }

            foreach (SearchHit hit in hits)
            {
                string by = hit.Author is null ? string.Empty : $" — {TerminalText.Escape(hit.Author)}";
                string corrected = hit.IsCorrected ? " [grey](with a typo corrected)[/]" : string.Empty;
                console.MarkupLine($"[bold]{hit.Id}. {TerminalText.Escape(hit.Title)}[/]{by} [grey]({TerminalText.Escape(hit.Shelf)}, {hit.Format}, {TerminalText.Escape(hit.Path)})[/]{corrected}");
                console.MarkupLine("   " + Highlight(hit));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The snippet as markup: each piece of text escaped on its own, the matched words wrapped.</summary>
    internal static string Highlight(SearchHit hit)
    {
        var markup = new System.Text.StringBuilder();
        string snippet = hit.Snippet.ReplaceLineEndings(" ");
        int at = 0;
        foreach (Highlight highlight in hit.Highlights)
        {
            markup.Append(TerminalText.Escape(snippet[at..highlight.Start]))
                .Append("[bold yellow]").Append(TerminalText.Escape(snippet.Substring(highlight.Start, highlight.Length))).Append("[/]");
            at = highlight.Start + highlight.Length;
        }

        return markup.Append(TerminalText.Escape(snippet[at..])).ToString();
    }
}
