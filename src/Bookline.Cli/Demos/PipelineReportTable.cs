using System.Globalization;
using Bookline.Pipelines;
using Spectre.Console;

namespace Bookline.Cli.Demos;

/// <summary>Renders a pipeline report as a table, one row per stage.</summary>
internal static class PipelineReportTable
{
    public static void Write(DemoContext context, PipelineReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{TerminalText.Escape(report.Name)}[/]: {report.Outcome}, {report.Accepted} accepted")
            .AddColumns("stage", "workers", "done", "dead letters", "retried", "unprocessed", "peak queue", "busy");
        foreach (StageReport stage in report.Stages)
        {
            table.AddRow(
                TerminalText.Escape(stage.Name),
                stage.Workers.Count.ToString(CultureInfo.InvariantCulture),
                stage.Succeeded.ToString(CultureInfo.InvariantCulture),
                stage.DeadLettered.ToString(CultureInfo.InvariantCulture),
                stage.Retried.ToString(CultureInfo.InvariantCulture),
                stage.Unprocessed.ToString(CultureInfo.InvariantCulture),
                stage.QueueHighWaterMark.ToString(CultureInfo.InvariantCulture),
                stage.BusyTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s");
        }

        context.Write(table);
    }
}
