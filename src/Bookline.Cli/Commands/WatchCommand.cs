using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Library.Watching;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline watch &lt;library&gt;</c>: scans the library, then keeps the catalog current as files change, until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var library = new Argument<DirectoryInfo>("library") { Description = "The library folder to keep the catalog current with." };
        var catalog = CatalogOption.Create();
        Option<double> debounce = CreateDebounceOption();
        Option<double?> poll = CreatePollOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per pass, one a line (JSON Lines), instead of a sentence." };
        var command = new Command("watch", "Scan a library, then keep its catalog current as files are added, changed, moved or deleted, until Ctrl+C. "
            + "A restart catches up with what changed while it was down.")
        {
            library, catalog, debounce, poll, json,
        };
        command.SetAction(async (parse, stop) =>
        {
            DirectoryInfo folder = parse.GetValue(library)!;
            if (!folder.Exists)
            {
                throw new UserException($"The library '{folder.FullName}' does not exist or is not a folder.") { ExitCode = ExitCodes.Usage };
            }

            bool asJson = parse.GetValue(json);
            using ICatalog store = await CatalogOption.OpenWaitingAsync(parse.GetValue(catalog)!, asJson ? Console.Error : console.Profile.Out.Writer, stop);
            TextWriter output = TextWriter.Synchronized(console.Profile.Out.Writer);
            var options = new LibraryWatchOptions
            {
                Debounce = TimeSpan.FromSeconds(parse.GetValue(debounce)),
                PollInterval = parse.GetValue(poll) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                OnPass = pass => output.WriteLine(asJson ? JsonSerializer.Serialize(ToJson(pass), JsonOutput.Lines) : Describe(pass)),
            };
            if (!asJson)
            {
                console.MarkupLine($"Watching {TerminalText.Escape(folder.FullName)} into {TerminalText.Escape(store.Location)}"
                    + (options.PollInterval is { } every ? $", polling every {every.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s" : string.Empty)
                    + ". Ctrl+C stops.");
            }

            await new LibraryWatcher().RunAsync(folder.FullName, store, options, stop);
            if (!asJson)
            {
                console.MarkupLine("Stopped watching: the catalog holds every change up to the last pass, and the next watch or scan catches up from there.");
            }

            return ExitCodes.Success; // stopping is how a watch ends: a service manager must not see it as a failure
        });
        return command;
    }

    /// <summary>--debounce: how long the library must be quiet before its changes are read.</summary>
    public static Option<double> CreateDebounceOption()
    {
        var option = new Option<double>("--debounce")
        {
            Description = "Seconds the library must be quiet, and a file unwritten, before changes are read: a file being copied is never read half-way.",
            DefaultValueFactory = _ => 2,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 3600)
            {
                result.AddError("--debounce must be from 0 to 3600 seconds.");
            }
        });
        return option;
    }

    /// <summary>--poll: poll instead of listening to file-system events.</summary>
    public static Option<double?> CreatePollOption()
    {
        var option = new Option<double?>("--poll")
        {
            Description = "Poll every so many seconds instead of listening to file-system events: for network shares (NFS, SMB), where no event comes. "
                + "Each poll compares sizes and times with the catalog, which is cheap on an unchanged library.",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError("--poll must be a positive number of seconds.");
            }
        });
        return option;
    }

    /// <summary>A pass in one line, as watch and serve --watch print it.</summary>
    public static string Describe(WatchPass pass)
    {
        LibraryScanReport report = pass.Report;
        string why = pass.Reason switch
        {
            WatchReason.Start => "First scan",
            WatchReason.Changes => $"Changes in {pass.Folders.Count} folder{(pass.Folders.Count == 1 ? string.Empty : "s")}",
            WatchReason.Unsettled => "Files that were still being written",
            WatchReason.Overflow => "Events were lost: the whole library compared",
            _ => "Poll",
        };
        string unsettled = report.Unsettled > 0 ? FormattableString.Invariant($", {report.Unsettled} still being written") : string.Empty;
        string lag = pass.Lag > TimeSpan.Zero ? FormattableString.Invariant($" ({pass.Lag.TotalSeconds:0.0} s after the change)") : string.Empty;
        return FormattableString.Invariant(
            $"{DateTimeOffset.Now:HH:mm:ss} {why}: {report.Cataloged} cataloged, {report.Removed} removed, {report.Failed} failed, {report.Unchanged} unchanged{unsettled}{lag}.");
    }

    private static object ToJson(WatchPass pass) => new
    {
        reason = pass.Reason.ToString(),
        folders = pass.Folders,
        lagSeconds = pass.Lag.TotalSeconds,
        pass.Report.Found,
        pass.Report.Cataloged,
        pass.Report.Unchanged,
        pass.Report.Removed,
        pass.Report.Failed,
        pass.Report.Skipped,
        pass.Report.Unsettled,
        elapsedSeconds = pass.Report.Pipeline.Elapsed.TotalSeconds,
    };
}
