using System.Globalization;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary>The table printed after a scan: per stage and per worker (the stages that ran here), then the totals.</summary>
internal static class ScanSummary
{
    public static void Write(IAnsiConsole console, LibraryScanReport report, string catalogLocation)
    {
        PipelineReport pipeline = report.Pipeline;
        double seconds = Math.Max(pipeline.Elapsed.TotalSeconds, 1e-9);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("stage", "worker", "done", "failed", "skipped", "elapsed", "busy", "files/s", "MB/s");
        foreach (StageReport stage in pipeline.Stages)
        {
            table.AddRow(new Markup($"[bold]{TerminalText.Escape(stage.Name)}[/]"), new Text("all"), Number(stage.Succeeded), Number(stage.DeadLettered),
                new Text(stage.Name == "catalog" ? report.Skipped.ToString(CultureInfo.InvariantCulture) : string.Empty), Seconds(stage.Elapsed),
                Seconds(stage.BusyTime), Rate(stage.Succeeded / seconds),
                new Text(stage.Name == "scan" ? (report.Bytes / 1048576.0 / seconds).ToString("F2", CultureInfo.InvariantCulture) : string.Empty));
            if (stage.Workers.Count > 1)
            {
                foreach (WorkerReport worker in stage.Workers)
                {
                    table.AddRow(new Text(string.Empty), Number(worker.Worker), Number(worker.Processed), Number(worker.Failed), new Text(string.Empty), new Text(string.Empty), Seconds(worker.BusyTime),
                        Rate(worker.Throughput), new Text(string.Empty));
                }
            }
        }

        // A scan whose workers ran in other processes has nothing to show per stage here.
        if (pipeline.Stages.Any(s => s.Workers.Count > 0))
        {
            console.Write(table);
        }

        string outcome = pipeline.Outcome switch
        {
            PipelineOutcome.Stopped => "[yellow]Stopped[/] (run the same command to resume)",
            PipelineOutcome.Aborted => "[red]Stopped at once[/] (run the same command to resume)",
            _ => "Done",
        };
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{outcome} in {pipeline.Elapsed.TotalSeconds:F1} s: found {report.Found} files; {report.Cataloged} books cataloged, {report.Unchanged} unchanged, {report.Skipped} skipped, {report.PreviouslyFailed} failed before, {report.Removed} removed."));
        if (report.Sidecars > 0)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Sidecars: {report.Sidecars} files beside the books (metadata.opf, cover images, calibre's metadata.db) read with them, not books."));
        }

        foreach (Exception failure in pipeline.Failures)
        {
            console.MarkupLine($"[red]{TerminalText.Escape(failure.Message)}[/]");
        }

        if (report.Failed > 0)
        {
            console.MarkupLine($"[red]{report.Failed} files could not be read[/]: see [bold]bookline failures[/].");
        }

        if (report.PreviouslyFailed > 0)
        {
            console.MarkupLine($"[red]{report.PreviouslyFailed} files failed in an earlier scan[/] and were not read again: see [bold]bookline failures[/]; [bold]--retry-failed[/] reads them again.");
        }

        console.MarkupLine($"[grey]Catalog: {TerminalText.Escape(catalogLocation)}. {TerminalText.Escape(RuntimeFacts.Describe())}[/]");
    }

    private static Text Number(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static Text Seconds(TimeSpan value) => new(value.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s");

    private static Text Rate(double value) => new(value.ToString("F1", CultureInfo.InvariantCulture));
}
