using Bookline.Cli.Commands;
using Bookline.Library.Catalog;
using Microsoft.AspNetCore.Builder;
using Spectre.Console;

namespace Bookline.Cli.Web;

/// <summary>The web page of <c>bookline scan --serve</c>: the catalog's pages plus the live dashboard, for as long as the command runs.</summary>
internal sealed class LiveDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IAnsiConsole _console;

    private LiveDashboard(WebApplication app, IAnsiConsole console)
    {
        _app = app;
        _console = console;
    }

    public static async Task<LiveDashboard> StartAsync(ICatalogReader store, string urls, LiveScan live, IAnsiConsole console, CancellationToken stop)
    {
        WebApplication app = ServeCommand.Build(store, urls, live);
        try
        {
            await ServeCommand.StartAsync(app, urls, stop);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        console.MarkupLine($"[grey]Live dashboard on {TerminalText.Escape(string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + "/live")))}[/]");
        return new LiveDashboard(app, console);
    }

    /// <summary>After the scan: the page stays up, with the final state and the new catalog, until Ctrl+C.</summary>
    public async Task ServeUntilStoppedAsync(CancellationToken stop)
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        _console.MarkupLine($"[grey]Still serving on {TerminalText.Escape(string.Join(", ", _app.Urls))}. Ctrl+C stops.[/]");
        await ServeCommand.UntilStoppedAsync(stop);
    }

    public async ValueTask DisposeAsync()
    {
        // Event streams end by themselves once the scan is over; give them a moment to send their last event.
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(grace.Token);
        }

        await _app.DisposeAsync();
    }
}
