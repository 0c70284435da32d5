using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Cli.Web;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Bookline.Pipelines.Transport;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline scan &lt;library&gt;</c>: scans a library into the catalog.</summary>
internal static class ScanCommand
{
    public const string SampleFolder = "bookline-sample";

    public static Command Create(IAnsiConsole console, CancellationToken abortToken)
    {
        var library = new Argument<string?>("library") { Description = "The library folder: each subfolder is a shelf.", Arity = ArgumentArity.ZeroOrOne };
        var sample = new Option<bool>("--sample") { Description = $"Scan the sample library in ./{SampleFolder}, writing it first if it is not there." };
        var catalog = CatalogOption.Create();
        var scanWorkers = CountOption.Create("--scan-workers", "Workers reading files at once.", Environment.ProcessorCount);
        var indexWorkers = CountOption.Create("--index-workers", "Workers preparing books for the catalog: their text cleaned and cut into passages, their record built.", 1);
        var queueSize = CountOption.Create("--queue-size", "The bound of every queue between stages.", 64);
        var priorityFile = new Option<FileInfo?>("--priority-file") { Description = "Lines of 'shelf: number'; lower numbers are scanned first (default 100)." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Scan again the files that failed before." };
        var followLinks = new Option<bool>("--follow-links") { Description = "Follow links to folders outside the library (links inside it, and loops, are never followed)." };
        var oneBookPerFile = new Option<bool>("--one-book-per-file")
        {
            Description = "Catalog each file as a book of its own. By default the files of a calibre book folder are one book, and files in one folder whose names differ only by extension are one book in several formats.",
        };
        var ocrComics = OcrComicsOption.Create();
        var pdfInProcess = ExtractorOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var otlp = OtlpOption.Create();
        var prefix = BrokerOption.CreatePrefix();
        var serve = new Option<bool>("--serve") { Description = "While scanning, serve the catalog and a live dashboard of the scan on a web page (see --urls)." };
        var urls = ServeCommand.CreateUrlsOption();
        var allowAnonymous = ServeCommand.CreateAllowAnonymousOption();
        var broker = BrokerOption.Create("Only find the files and send them through this broker to 'bookline worker' processes, then wait until the catalog has them all.");
        var command = new Command("scan", "Scan a library of books into the catalog. Exit code: 0 when every file found is cataloged (or skipped, as not a book); "
            + "3 when files of the library are failed, in this scan or an earlier one (bookline failures lists them); 130 when stopped (the same command resumes); "
            + "1 on an error, such as a catalog that is unavailable (nothing is lost: the same command resumes once it is back); 2 on a usage error.")
        {
            library, sample, catalog, scanWorkers, indexWorkers, queueSize, priorityFile, retryFailed, followLinks, oneBookPerFile, ocrComics, pdfInProcess, json, broker, prefix, otlp, serve, urls, allowAnonymous,
        };
        command.SetAction(async (parse, stop) =>
        {
            string? folder = parse.GetValue(library);
            if (parse.GetValue(sample))
            {
                folder ??= SampleFolder;
                if (!Directory.Exists(folder))
                {
                    int written = SampleLibrary.Write(folder);
                    console.MarkupLine($"[grey]Wrote the sample library: {written} files in {TerminalText.Escape(folder)}[/]");
                }
            }

            if (folder is null)
            {
                throw new UserException("Give the library folder to scan (bookline scan <library>), or --sample.") { ExitCode = ExitCodes.Usage };
            }

            if (!Directory.Exists(folder))
            {
                throw new UserException($"The library '{folder}' does not exist or is not a folder.") { ExitCode = ExitCodes.Usage };
            }

            var options = new LibraryScanOptions
            {
                ScanWorkers = parse.GetValue(scanWorkers),
                IndexWorkers = parse.GetValue(indexWorkers),
                QueueSize = parse.GetValue(queueSize),
                OcrComics = parse.GetValue(ocrComics),
                Extractor = ExtractorOption.From(parse.GetValue(pdfInProcess)),
                RetryFailed = parse.GetValue(retryFailed),
                FollowLinks = parse.GetValue(followLinks),
                OneBookPerFile = parse.GetValue(oneBookPerFile),
                ShelfPriorities = parse.GetValue(priorityFile) is { } file ? ReadPriorities(file) : new Dictionary<string, int>(),
            };
            using ICatalog store = await CatalogOption.OpenWaitingAsync(parse.GetValue(catalog)!, parse.GetValue(json) ? Console.Error : console.Profile.Out.Writer, stop);
            using IDisposable telemetry = OtlpOption.Start(parse.GetValue(otlp));
            if (parse.GetValue(serve))
            {
                ServeCommand.CheckReach(parse.GetValue(urls)!, parse.GetValue(allowAnonymous) || (await store.AccountsAsync(stop)).Count > 0);
            }

            LiveScan? live = parse.GetValue(serve) ? new LiveScan(Path.GetFullPath(folder)) : null;
            await using LiveDashboard? dashboard = live is null ? null : await LiveDashboard.StartAsync(store, parse.GetValue(urls)!, live, console, stop);
            LibraryScanReport report;
            if (parse.GetValue(broker) is { } address)
            {
                report = await ScanThroughBrokerAsync(console, address, parse.GetValue(prefix)!, folder, store, options, live, quiet: parse.GetValue(json), stop, abortToken);
            }
            else
            {
                report = await ScanProgress.RunAsync(console, jsonOutput: parse.GetValue(json),
                    onStarted => new LibraryScanner().ScanAsync(folder, store, options, run => { live?.Attach(run); onStarted(run); }, stop, abortToken));
            }

            live?.Finish(report.Pipeline);

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(ToJson(report), JsonOutput.Options));
            }
            else
            {
                ScanSummary.Write(console, report, store.Location);
            }

            if (dashboard is not null)
            {
                await dashboard.ServeUntilStoppedAsync(stop);
            }

            return ExitCode(report);
        });
        return command;
    }

    /// <summary>
    /// What a scan's exit code reports: the state of the library once the scan is over, so that the
    /// same command gives the same answer until something changes. Files that failed in an earlier scan
    /// and were not read again count, as they are still not in the catalog; a file no longer there does not.
    /// </summary>
    internal static int ExitCode(LibraryScanReport report) =>
        report.Pipeline.Failures.Any(IsOutage) ? ExitCodes.Error
        : report.Pipeline.Outcome is PipelineOutcome.Stopped or PipelineOutcome.Aborted ? ExitCodes.Interrupted
        : report.Failed > 0 || report.PreviouslyFailed > 0 || report.Pipeline.Failures.Count > 0 ? ExitCodes.SomeFilesFailed
        : ExitCodes.Success;

    /// <summary>A failure that stopped the run because the catalog, the broker (or another thing a stage needs) was unavailable.</summary>
    internal static bool IsOutage(Exception failure) =>
        failure is StageOutageException or WorkQueueUnavailableException or Bookline.Library.Catalog.CatalogUnavailableException;

    /// <summary>Finds the files and sends them to the workers; plain lines say how far the workers are.</summary>
    private static async Task<LibraryScanReport> ScanThroughBrokerAsync(
        IAnsiConsole console, Uri address, string prefix, string folder, ICatalog store, LibraryScanOptions options, LiveScan? live, bool quiet, CancellationToken stop, CancellationToken abort)
    {
        TextWriter output = quiet ? TextWriter.Null : TextWriter.Synchronized(console.Profile.Out.Writer);
        await using var queues = await BrokerOption.ConnectAsync(address, prefix, output, stop, CatalogOption.Patience);
        options.QueueFactory = queues;
        int lastTotal = -1;
        options.OnOutcomes = (outcomes, sent) =>
        {
            if (outcomes.Total != lastTotal)
            {
                lastTotal = outcomes.Total;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outcomes.Total} of {sent} files done by the workers: {outcomes.Written} cataloged (as {outcomes.Books} books), {outcomes.Skipped} skipped, {outcomes.Failed} failed."));
            }
        };
        output.WriteLine($"Sending the files of {folder} to the workers through {queues.Broker}; Ctrl+C stops waiting (what was sent stays queued).");
        return await new LibraryScanner().ScanAsync(folder, store, options, live is null ? null : live.Attach<FoundBook>, stop, abort);
    }

    private static IReadOnlyDictionary<string, int> ReadPriorities(FileInfo file)
    {
        try
        {
            return ShelfPriorities.Read(file.FullName);
        }
        catch (Exception exception) when (exception is FileNotFoundException or FormatException)
        {
            throw new UserException(exception.Message, exception) { ExitCode = ExitCodes.Usage };
        }
    }

    private static object ToJson(LibraryScanReport report) => new
    {
        outcome = report.Pipeline.Outcome.ToString(),
        report.Found,
        report.Cataloged,
        report.Unchanged,
        report.PreviouslyFailed,
        report.Skipped,
        report.Sidecars,
        report.Failed,
        report.Removed,
        report.Bytes,
        elapsedSeconds = report.Pipeline.Elapsed.TotalSeconds,
        peakWorkingSetMiB = RuntimeFacts.PeakWorkingSetMiB(),
        serverGc = System.Runtime.GCSettings.IsServerGC,
        cpuSeconds = RuntimeFacts.CpuSeconds(),
        gcPauseSeconds = RuntimeFacts.GcPauseSeconds(),
        allocatedMiB = RuntimeFacts.AllocatedMiB(),
        stages = report.Pipeline.Stages.Select(s => new
        {
            s.Name,
            s.Received,
            s.Succeeded,
            s.DeadLettered,
            s.Unprocessed,
            s.QueueHighWaterMark,
            busySeconds = s.BusyTime.TotalSeconds,
            workers = s.Workers.Select(w => new { w.Worker, w.Processed, w.Failed, busySeconds = w.BusyTime.TotalSeconds }),
        }),
        failures = report.Pipeline.DeadLetters.Select(d => new { d.Stage, d.Reason, d.Attempts }),
    };
}
