using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Transports.RabbitMq;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline failures</c>: every file that failed or was skipped, with its reason.</summary>
internal static class FailuresCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var broker = BrokerOption.Create("Also list the messages in the stages' dead-letter queues on this broker.");
        var prefix = BrokerOption.CreatePrefix();
        var command = new Command("failures", "List every file that could not be cataloged, and why.") { catalog, broker, prefix };
        command.SetAction(async (parse, stop) =>
        {
            if (parse.GetValue(broker) is { } address)
            {
                await WriteDeadLettersAsync(console, address, parse.GetValue(prefix)!, stop);
            }

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

    private static async Task WriteDeadLettersAsync(IAnsiConsole console, Uri address, string prefix, CancellationToken stop)
    {
        await using var queues = await BrokerOption.ConnectAsync(address, prefix, TextWriter.Null, stop);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "stage", "dead-letter queue", "broker's reason");
        int count = 0;
        foreach (string stage in LibraryScanner.StageNames)
        {
            foreach (RabbitMqDeadLetter letter in await queues.PeekDeadLettersAsync(stage, cancellationToken: stop))
            {
                table.AddRow(Markup.Escape(PathIn(letter.Body.Span) ?? "(not a Bookline item)"), stage, Markup.Escape(queues.DeadLetterQueueName(stage)), Markup.Escape(letter.Reason ?? string.Empty));
                count++;
            }
        }

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{count} dead letters on {Markup.Escape(queues.Broker)}:"));
        if (count > 0)
        {
            console.Write(table);
        }
    }

    /// <summary>The file a stage's message is about: FoundFile.RelativePath, or File.RelativePath in later stages' items.</summary>
    private static string? PathIn(ReadOnlySpan<byte> json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            JsonElement file = root.TryGetProperty("File", out JsonElement inner) ? inner : root;
            return file.TryGetProperty("RelativePath", out JsonElement path) ? path.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
