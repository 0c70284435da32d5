using System.CommandLine;
using System.Globalization;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Transports.RabbitMq;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline status</c>: what the catalog holds, by shelf and by format.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var broker = BrokerOption.Create("Also show the stages' queues on this broker: messages waiting, consumers, dead letters.");
        var prefix = BrokerOption.CreatePrefix();
        var command = new Command("status", "Count the catalog's books by shelf and format, and its failures.") { catalog, broker, prefix };
        command.SetAction(async (parse, stop) =>
        {
            string location = parse.GetValue(catalog)!;
            if (parse.GetValue(broker) is { } address)
            {
                await using var queues = await BrokerOption.ConnectAsync(address, parse.GetValue(prefix)!, TextWriter.Null, stop);
                var table = new Table().Border(TableBorder.Rounded).AddColumns("stage", "queue", "waiting", "consumers", "dead letters");
                foreach (string stage in LibraryScanner.StageNames)
                {
                    RabbitMqQueueStatus queue = await queues.GetStatusAsync(stage, stop);
                    table.AddRow(stage, Markup.Escape(queue.Queue), Number(queue.Ready), Number(queue.Consumers), Number(queue.DeadLetters));
                }

                console.MarkupLine($"Broker {Markup.Escape(queues.Broker)}:");
                console.Write(table);
                if (!CatalogLocation.IsPostgres(location) && !File.Exists(location))
                {
                    return ExitCodes.Success;
                }
            }

            using ICatalog store = CatalogOption.OpenExisting(location);
            CatalogStatus status = store.GetStatus();
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]{status.Books}[/] books, [bold]{status.Failures}[/] failed or skipped files."));
            console.Write(Counts("shelf", status.ByShelf));
            console.Write(Counts("format", status.ByFormat));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

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
