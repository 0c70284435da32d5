using System.CommandLine;
using System.Globalization;
using Bookline.Library.Catalog;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline status</c>: what the catalog holds, by shelf and by format.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var command = new Command("status", "Count the catalog's books by shelf and format, and its failures.") { catalog };
        command.SetAction(parse =>
        {
            using ICatalog store = CatalogOption.OpenExisting(parse.GetValue(catalog)!);
            CatalogStatus status = store.GetStatus();
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]{status.Books}[/] books, [bold]{status.Failures}[/] failed or skipped files."));
            console.Write(Counts("shelf", status.ByShelf));
            console.Write(Counts("format", status.ByFormat));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Table Counts(string what, IReadOnlyDictionary<string, long> counts)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns(what, "books");
        foreach (var (name, count) in counts)
        {
            table.AddRow(Markup.Escape(name), count.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }
}
