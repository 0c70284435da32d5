using System.Text.Json;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bookline.Cli.Web;

/// <summary>
/// The dashboard's server-sent events: a <c>snapshot</c> event with every stage's queue depth,
/// throughput and workers, and the latest failures, twice a second; then one <c>done</c> event with
/// the final report when the scan is over.
/// </summary>
internal static class LiveEvents
{
    /// <summary>How often a snapshot is pushed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>How many of the latest failures each event carries.</summary>
    private const int RecentFailures = 50;

    public static async Task StreamAsync(HttpContext context, LiveScan scan)
    {
        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // The stream ends when the browser goes or the server stops, whichever comes first.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        CancellationToken gone = linked.Token;
        try
        {
            while (!scan.Finished.IsCompleted)
            {
                if (scan.Snapshot() is { } snapshot)
                {
                    await WriteAsync(response, "snapshot", snapshot, gone);
                }

                // Wake at the next interval, or at once when the scan ends so the last event is not late.
                await Task.WhenAny(scan.Finished, Task.Delay(Interval, gone));
                gone.ThrowIfCancellationRequested();
            }

            await WriteAsync(response, "done", scan.Snapshot()!, gone);
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested)
        {
            // The browser went away, or the server is stopping.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string kind, PipelineReport report, CancellationToken cancellationToken)
    {
        string json = JsonSerializer.Serialize(ToJson(report), JsonOptions);
        await response.WriteAsync($"event: {kind}\ndata: {json}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>What the page shows; paths only, never the items themselves.</summary>
    internal static object ToJson(PipelineReport report) => new
    {
        outcome = report.Outcome.ToString(),
        elapsedSeconds = Math.Round(report.Elapsed.TotalSeconds, 1),
        report.Accepted,
        stages = report.Stages.Select(s => new
        {
            s.Name,
            s.QueueDepth,
            s.QueueHighWaterMark,
            s.Received,
            s.Succeeded,
            s.DeadLettered,
            s.InFlight,
            throughput = Math.Round(s.Throughput, 1),
            workers = s.Workers.Select(w => new { w.Worker, w.Processed, w.Failed, current = FoundBook.Of(w.Current)?.ToString() }),
        }),
        failed = report.DeadLetters.Count,
        failures = report.DeadLetters.TakeLast(RecentFailures).Reverse().Select(d => new { path = FoundBook.Of(d.Item)?.ToString(), d.Stage, d.Reason, d.Attempts }),
    };
}
