using System.Globalization;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary>
/// Live progress of a scan: on a terminal, a bar per stage with its queue depth, throughput and the
/// file a worker is on; otherwise (logs, CI) a plain line every two seconds.
/// </summary>
internal static class ScanProgress
{
    public static async Task<LibraryScanReport> RunAsync(IAnsiConsole console, bool jsonOutput, Func<Action<PipelineRun<FoundBook>>, Task<LibraryScanReport>> scan)
    {
        PipelineRun<FoundBook>? run = null;
        Task<LibraryScanReport> scanning = scan(started => Volatile.Write(ref run, started));
        if (jsonOutput)
        {
            return await scanning;
        }

        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    do
                    {
                        if (Volatile.Read(ref run) is { } current)
                        {
                            Update(context, bars, current.Snapshot());
                        }
                    }
                    while (await Task.WhenAny(scanning, Task.Delay(200)) != scanning);

                    Update(context, bars, (await scanning).Pipeline, finished: true);
                });
        }
        else
        {
            while (await Task.WhenAny(scanning, Task.Delay(2000)) != scanning)
            {
                if (Volatile.Read(ref run) is { } current)
                {
                    console.WriteLine(Line(current.Snapshot()));
                }
            }
        }

        return await scanning;
    }

    private static void Update(ProgressContext context, Dictionary<string, ProgressTask> bars, PipelineReport snapshot, bool finished = false)
    {
        for (int i = 0; i < snapshot.Stages.Count; i++)
        {
            StageReport stage = snapshot.Stages[i];
            long total = i == 0 ? snapshot.Accepted : snapshot.Stages[i - 1].Emitted;
            if (!bars.TryGetValue(stage.Name, out ProgressTask? bar))
            {
                bar = bars[stage.Name] = context.AddTask(stage.Name);
            }

            bar.MaxValue = Math.Max(1, total);
            bar.Value = stage.Succeeded + stage.DeadLettered + stage.Filtered + stage.Unprocessed;
            bar.Description = TerminalText.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{stage.Name,-8} queue {stage.QueueDepth,3}  {stage.Throughput,6:F1}/s"));
            if (i == 0)
            {
                // The scan stage is where files take time: a line per worker with the file it is reading.
                foreach (WorkerReport worker in stage.Workers)
                {
                    string key = $"{stage.Name}#{worker.Worker}";
                    if (!bars.TryGetValue(key, out ProgressTask? line))
                    {
                        line = bars[key] = context.AddTask(key);
                        line.IsIndeterminate = true;
                    }

                    line.Description = TerminalText.Escape($"  worker {worker.Worker}  {(finished ? "finished" : Shorten(CurrentFile(worker)))}");
                    if (finished)
                    {
                        line.IsIndeterminate = false;
                        line.Value = line.MaxValue;
                    }
                }
            }
        }
    }

    private static string? CurrentFile(WorkerReport worker) => FoundBook.Of(worker.Current)?.ToString();

    private static string Line(PipelineReport snapshot)
    {
        string stages = string.Join(" | ", snapshot.Stages.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Name}: {s.Succeeded} done, {s.DeadLettered} failed, queue {s.QueueDepth}")));
        string[] reading = [.. snapshot.Stages[0].Workers.Select(CurrentFile).OfType<string>()];
        return reading.Length == 0 ? stages : $"{stages} | reading {string.Join(", ", reading)}";
    }

    private static string Shorten(string? path) =>
        path is null ? string.Empty : path.Length <= 40 ? path : "…" + path[^39..];
}
