using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Transports.RabbitMq;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline failures</c>: every file that failed, with its reason; with --skipped, also the files left alone as not books.</summary>
internal static class FailuresCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var broker = BrokerOption.Create("Also list the messages in the stages' dead-letter queues on this broker.");
        var prefix = BrokerOption.CreatePrefix();
        var skippedOption = new Option<bool>("--skipped") { Description = "Also list the files left alone because they are not books (a format Bookline does not read)." };
        var json = new Option<bool>("--json") { Description = "Print the failures (and the skipped files, and the dead letters) as JSON." };
        var command = new Command("failures", "List every file that could not be cataloged, and why.") { catalog, skippedOption, broker, prefix, json };
        command.SetAction(async (parse, stop) =>
        {
            List<(string? Path, string Stage, string Queue, string? Reason)>? letters = null;
            string? brokerName = null;
            if (parse.GetValue(broker) is { } address)
            {
                await using var queues = await BrokerOption.ConnectAsync(address, parse.GetValue(prefix)!, TextWriter.Null, stop);
                brokerName = queues.Broker;
                letters = [];
                foreach (string stage in LibraryScanner.StageNames)
                {
                    foreach (RabbitMqDeadLetter letter in await queues.PeekDeadLettersAsync(stage, cancellationToken: stop))
                    {
                        // A book of several files is one message: a line for each of its files.
                        foreach (string? path in PathsIn(letter.Body.Span))
                        {
                            letters.Add((path, stage, queues.DeadLetterQueueName(stage), letter.Reason));
                        }
                    }
                }
            }

            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            IReadOnlyList<CatalogFailure> failures = await store.FailuresAsync(stop);
            IReadOnlyList<CatalogSkip> skips = await store.SkippedAsync(stop);
            IReadOnlyList<CatalogSkip>? skipped = parse.GetValue(skippedOption) ? skips : null;
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
                {
                    failures = failures.Select(f => new { f.Path, f.Shelf, f.Stage, f.Reason, f.Attempts, f.FailedUtc }),
                    skipped = skipped?.Select(f => new { f.Path, f.Shelf, f.Reason, f.SkippedUtc }),
                    broker = brokerName,
                    deadLetters = letters?.Select(l => new { l.Path, l.Stage, l.Queue, l.Reason }),
                }, JsonOutput.Options));
                return ExitCodes.Success;
            }

            if (letters is not null)
            {
                WriteDeadLetters(console, brokerName!, letters);
            }

            if (failures.Count == 0)
            {
                console.MarkupLine("No failures: every book file found was cataloged.");
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "stage", "reason", "attempts");
                foreach (CatalogFailure failure in failures)
                {
                    table.AddRow(TerminalText.Escape(failure.Path), failure.Stage, TerminalText.Escape(failure.Reason), failure.Attempts.ToString(CultureInfo.InvariantCulture));
                }

                console.Write(table);
            }

            if (skipped is null && skips.Count > 0)
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{skips.Count} {(skips.Count == 1 ? "file" : "files")} skipped as not a book (a format Bookline does not read): [bold]bookline failures --skipped[/] lists them."));
            }

            if (skipped is { Count: > 0 })
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Skipped, not books ({skipped.Count}):"));
                var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "reason");
                foreach (CatalogSkip skip in skipped)
                {
                    table.AddRow(TerminalText.Escape(skip.Path), TerminalText.Escape(skip.Reason));
                }

                console.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteDeadLetters(IAnsiConsole console, string broker, List<(string? Path, string Stage, string Queue, string? Reason)> letters)
    {
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{letters.Count} dead letters on {TerminalText.Escape(broker)}:"));
        if (letters.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "stage", "dead-letter queue", "broker's reason");
        foreach (var (path, stage, queue, reason) in letters)
        {
            table.AddRow(TerminalText.Escape(path ?? "(not a Bookline item)"), stage, TerminalText.Escape(queue), TerminalText.Escape(reason ?? string.Empty));
        }

        console.Write(table);
    }

    /// <summary>
    /// The files a stage's message is about: the files of a found book (FoundBook.Files), which later
    /// stages' items carry as Book; one null for a message that is not a Bookline item.
    /// </summary>
    private static string?[] PathsIn(ReadOnlySpan<byte> json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            JsonElement book = root.TryGetProperty("Book", out JsonElement inner) ? inner : root;
            if (book.ValueKind == JsonValueKind.Object && book.TryGetProperty("Files", out JsonElement files) && files.ValueKind == JsonValueKind.Array)
            {
                string?[] paths = [.. files.EnumerateArray().Select(f => f.TryGetProperty("RelativePath", out JsonElement path) ? path.GetString() : null)];
                if (paths.Length > 0)
                {
                    return paths;
                }
            }
        }
        catch (JsonException)
        {
        }

        return [null];
    }
}
