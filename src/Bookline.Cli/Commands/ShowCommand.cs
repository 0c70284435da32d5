using System.CommandLine;
using System.Globalization;
using Bookline.Library.Catalog;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline show &lt;id|path&gt;</c>: one book's record.</summary>
internal static class ShowCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var key = new Argument<string>("book") { Description = "The book's id (from search) or its path in the library." };
        var catalog = CatalogOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the record as JSON." };
        var command = new Command("show", "Show one book's record.") { key, catalog, json };
        command.SetAction(async (parse, stop) =>
        {
            string which = parse.GetValue(key)!;
            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            CatalogBook book = (long.TryParse(which, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) ? await store.FindAsync(id, stop) : null)
                ?? await store.FindByPathAsync(which.Replace('\\', '/'), stop)
                ?? throw new UserException($"No book '{which}' in the catalog: give an id from 'bookline search' or a path relative to the library.");
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(book, JsonOutput.Options));
                return ExitCodes.Success;
            }

            var grid = new Grid().AddColumn().AddColumn();
            foreach (var (label, value) in BookRecord.Fields(book))
            {
                grid.AddRow(new Markup($"[grey]{label}[/]"), new Text(TerminalText.Clean(value)));
            }

            console.Write(grid);
            return ExitCodes.Success;
        });
        return command;
    }
}
