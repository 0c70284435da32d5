using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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
        var json = new Option<bool>("--json") { Description = "Print the counts (and the broker's queues) as JSON." };
        var command = new Command("status", "Count the catalog's books by shelf and format, and its failures.") { catalog, broker, prefix, json };
        command.SetAction(async (parse, stop) =>
        {
            string location = parse.GetValue(catalog)!;
            bool asJson = parse.GetValue(json);
            var queueStatuses = new List<RabbitMqQueueStatus>();
            string? brokerName = null;
            if (parse.GetValue(broker) is { } address)
            {
                await using var queues = await BrokerOption.ConnectAsync(address, parse.GetValue(prefix)!, TextWriter.Null, stop);
                brokerName = queues.Broker;
                foreach (string stage in LibraryScanner.StageNames)
                {
                    queueStatuses.Add(await queues.GetStatusAsync(stage, stop));
                }

                if (!asJson)
                {
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("stage", "queue", "waiting", "consumers", "dead letters");
                    foreach (RabbitMqQueueStatus queue in queueStatuses)
                    {
                        table.AddRow(queue.Stage, TerminalText.Escape(queue.Queue), Number(queue.Ready), Number(queue.Consumers), Number(queue.DeadLetters));
                    }

                    console.MarkupLine($"Broker {TerminalText.Escape(queues.Broker)}:");
                    console.Write(table);
                }
            }

            CatalogStatus? status = null;
            CatalogDuplicates? duplicates = null;
            if (brokerName is null || CatalogLocation.IsPostgres(location) || File.Exists(location))
            {
                using ICatalog store = await CatalogOption.OpenExistingAsync(location, stop);
                status = await store.GetStatusAsync(stop);
                duplicates = BookList.Duplicates(await store.BooksAsync(stop));
            }

            if (asJson)
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
                {
                    books = status?.Books,
                    files = status?.Files,
                    failures = status?.Failures,
                    skipped = status?.Skipped,
                    sidecars = status?.Sidecars,
                    duplicateFiles = duplicates?.Files.Count,
                    duplicateBooks = duplicates?.Books.Count,
                    byShelf = status?.ByShelf,
                    byFormat = status?.ByFormat,
                    broker = brokerName,
                    queues = brokerName is null ? null : queueStatuses.Select(q => new { q.Stage, q.Queue, waiting = q.Ready, q.Consumers, q.DeadLetters }),
                }, JsonOutput.Options));
                return ExitCodes.Success;
            }

            if (status is not null)
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]{status.Books}[/] books in [bold]{status.Files}[/] files, [bold]{status.Failures}[/] failed files, [bold]{status.Skipped}[/] skipped as not books."));
                if (status.Sidecars.Count > 0)
                {
                    console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"Sidecars read with the books: {string.Join(", ", status.Sidecars.Select(s => $"{s.Value} {s.Key}"))}."));
                }

                if (duplicates is { } found && (found.Files.Count > 0 || found.Books.Count > 0))
                {
                    console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"Duplicates: {found.Files.Count} files in several places, {found.Books.Count} books cataloged more than once (see [bold]bookline duplicates[/])."));
                }
                console.Write(Counts("shelf", status.ByShelf));
                console.Write(Counts("format", status.ByFormat));
            }

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
            table.AddRow(TerminalText.Escape(name), count.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }
}
