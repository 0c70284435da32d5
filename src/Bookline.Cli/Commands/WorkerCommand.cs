using System.CommandLine;
using System.Globalization;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Bookline.Transports.RabbitMq;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary>
/// <c>bookline worker</c>: works on the stages of scans that <c>bookline scan --broker</c> sends,
/// in as many processes on as many machines as wanted, until Ctrl+C.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(IAnsiConsole console, CancellationToken abortToken)
    {
        var broker = BrokerOption.Create("The broker that carries the stages' queues.");
        broker.Required = true;
        var catalog = CatalogOption.Create();
        var stages = new Option<string[]>("--stages")
        {
            Description = "The stages to work on, of scan, index and catalog (comma-separated).",
            DefaultValueFactory = _ => [.. LibraryScanner.StageNames],
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        stages.Validators.Add(result =>
        {
            foreach (string stage in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!LibraryScanner.StageNames.Contains(stage))
                {
                    result.AddError($"--stages: '{stage}' is not a stage; the stages are {string.Join(", ", LibraryScanner.StageNames)}.");
                }
            }
        });
        var workers = CountOption.Create("--workers", "Workers reading files at once (the scan stage).", Environment.ProcessorCount);
        var indexWorkers = CountOption.Create("--index-workers", "Workers preparing books for the catalog: their text cleaned and cut into passages, their record built.", 1);
        var queueSize = CountOption.Create("--queue-size", "The bound of every stage's queue on the broker (the first process to declare a queue sets it).", 64);
        var prefix = BrokerOption.CreatePrefix();
        var otlp = OtlpOption.Create();
        var ocrComics = OcrComicsOption.Create();
        var pdfInProcess = ExtractorOption.Create();
        var quiet = new Option<bool>("--quiet") { Description = "Print only the summary, not a line per file." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON when the worker stops (implies --quiet)." };
        var command = new Command("worker", "Work on the stages of scans sent through a broker, until Ctrl+C or SIGTERM. The files must be at the same paths on every machine (a shared folder). "
            + "Exit code: 0 when it stopped and no file failed in its run; 3 when files failed in its run (bookline failures lists them); 1 on an error, such as a catalog unavailable for longer than its retries (what the worker held goes back to the broker); 2 on a usage error.")
        {
            broker, prefix, catalog, stages, workers, indexWorkers, queueSize, ocrComics, pdfInProcess, quiet, json, otlp,
        };
        command.SetAction(async (parse, stop) =>
        {
            Uri address = parse.GetValue(broker)!;
            bool asJson = parse.GetValue(json);
            string[] chosen = parse.GetValue(stages)!;
            bool lines = !parse.GetValue(quiet) && !asJson;
            // With --json, standard output holds the JSON alone: what is said on the way goes to standard error.
            var output = TextWriter.Synchronized(asJson ? Console.Error : console.Profile.Out.Writer);
            await using RabbitMqWorkQueueFactory queues = await BrokerOption.ConnectAsync(address, parse.GetValue(prefix)!, output, stop, CatalogOption.Patience);
            using ICatalog store = await CatalogOption.OpenWaitingAsync(parse.GetValue(catalog)!, output, stop);
            using IDisposable telemetry = OtlpOption.Start(parse.GetValue(otlp));
            var options = new LibraryScanOptions
            {
                ScanWorkers = parse.GetValue(workers),
                IndexWorkers = parse.GetValue(indexWorkers),
                QueueSize = parse.GetValue(queueSize),
                OcrComics = parse.GetValue(ocrComics),
                Extractor = ExtractorOption.From(parse.GetValue(pdfInProcess)),
                QueueFactory = queues,
                // Each failed file has its line already (OnEvent); the log adds what failed around the files.
                Logger = new LineLogger(output, LogLevel.Error),
                OnEvent = e =>
                {
                    if (lines && e.Kind is PipelineEventKind.ItemSucceeded or PipelineEventKind.ItemDeadLettered && FoundBook.Of(e.Item)?.ToString() is { } path)
                    {
                        string what = e.Kind == PipelineEventKind.ItemSucceeded ? "done" : $"FAILED ({e.Exception?.Message})";
                        output.WriteLine(TerminalText.Clean($"{e.Stage} {what}: {path}"));
                    }
                },
            };
            output.WriteLine($"Working on {string.Join(", ", chosen)} from {queues.Broker} into {store.Location}. Ctrl+C stops after the files in hand; twice, at once.");
            PipelineReport report = await new LibraryScanner().RunWorkerAsync(store, options, chosen, stop: stop, abort: abortToken);

            int exit = report.Failures.Any(ScanCommand.IsOutage) ? ExitCodes.Error
                : report.Stages.Sum(s => s.DeadLettered) > 0 ? ExitCodes.SomeFilesFailed
                : ExitCodes.Success;
            if (asJson)
            {
                console.Profile.Out.Writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                {
                    outcome = report.Outcome.ToString(),
                    elapsedSeconds = report.Elapsed.TotalSeconds,
                    stages = report.Stages.Where(s => s.Workers.Count > 0).Select(s => new { s.Name, workers = s.Workers.Count, s.Succeeded, s.DeadLettered, s.Retried, s.Unprocessed }),
                    failures = report.Failures.Select(f => f.Message),
                }, JsonOutput.Options));
                return exit;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("stage", "workers", "done", "failed", "retried", "left");
            foreach (StageReport stage in report.Stages.Where(s => s.Workers.Count > 0))
            {
                table.AddRow(stage.Name, Number(stage.Workers.Count), Number(stage.Succeeded), Number(stage.DeadLettered), Number(stage.Retried), Number(stage.Unprocessed));
            }

            console.Write(table);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Stopped after {report.Elapsed.TotalSeconds:F1} s; what was left stays on the broker for other workers."));
            foreach (Exception outage in report.Failures.Where(ScanCommand.IsOutage))
            {
                console.MarkupLine($"[red]{TerminalText.Escape(outage.Message)}[/]");
            }

            return exit;
        });
        return command;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
