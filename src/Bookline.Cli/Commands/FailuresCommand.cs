using System.CommandLine;
using System.Globalization;
using Bookline.Library.Catalog;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline failures</c>: every file that failed or was skipped, with its reason.</summary>
internal static class FailuresCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var command = new Command("failures", "List every file that could not be cataloged, and why.") { catalog };
        command.SetAction(parse =>
        {
            using ICatalog store = CatalogOption.OpenExisting(parse.GetValue(catalog)!);
            IReadOnlyList<CatalogFailure> failures = store.Failures();
            if (failures.Count == 0)
            {
                console.MarkupLine("No failures: every file found was cataloged.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "stage", "reason", "attempts");
            foreach (CatalogFailure failure in failures)
            {
                table.AddRow(Markup.Escape(failure.Path), failure.Stage, Markup.Escape(failure.Reason), failure.Attempts.ToString(CultureInfo.InvariantCulture));
            }

            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
