using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bookline.Hosting.Tests;

/// <summary>AddBooklineWatch: the watcher runs with the host, reports its health and metrics, and stops with it.</summary>
public sealed class LibraryWatchHostedServiceTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("bookline-watch-host-").FullName;

    private string Library => Path.Combine(_folder, "library");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TheWatcherKeepsTheCatalogCurrentReportsHealthyAndCountsItsEvents()
    {
        Directory.CreateDirectory(Path.Combine(Library, "sea"));
        var passes = Channel.CreateUnbounded<WatchPass>();
        var received = new List<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WatchTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (received)
            {
                received.Add((instrument.Name, value));
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (received)
            {
                received.Add((instrument.Name, value));
            }
        });
        listener.Start();

        using IHost host = Build(services => services.AddBooklineWatch(o =>
        {
            o.Library = Library;
            o.OpenCatalog = _ => SqliteCatalog.Open(Path.Combine(_folder, "catalog.db"));
            o.Watch = new LibraryWatchOptions { Debounce = TimeSpan.FromMilliseconds(300), OnPass = pass => passes.Writer.TryWrite(pass) };
        }));
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status); // not started: no first scan yet

        await host.StartAsync();
        Assert.Equal(WatchReason.Start, (await passes.Reader.ReadAsync().AsTask().WaitAsync(Bound)).Reason);
        HealthReport healthy = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(true, healthy.Entries["bookline-watch"].Data["running"]);

        // Two files written in turn: the kernel merges only identical events in a row, so each write is at least one event.
        for (int i = 0; i < 6; i++)
        {
            string name = i % 2 == 0 ? "tide" : "ebb";
            File.WriteAllText(Path.Combine(Library, "sea", $"{name}.txt"), $"Title: {name} tables\n\nWater at dawn, printing {i}.\n");
        }

        WatchPass change = await passes.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal((WatchReason.Changes, 2), (change.Reason, change.Report.Cataloged));
        listener.RecordObservableInstruments();
        lock (received)
        {
            // The pass takes the folder's first event at once and waits out the debounce: of six or more events, the third
            // and later merge into the second, which is still waiting.
            double events = received.Where(m => m.Name == WatchTelemetry.EventsReceived).Sum(m => m.Value);
            double coalesced = received.Where(m => m.Name == WatchTelemetry.EventsCoalesced).Sum(m => m.Value);
            Assert.True(events >= 6 && coalesced >= events - 2, string.Join(", ", received));
            Assert.Contains(received, m => m.Name == WatchTelemetry.Lag && m.Value >= 0.3);
        }

        await host.StopAsync().WaitAsync(Bound);
        Assert.False(host.Services.GetRequiredService<LibraryWatchHostedService>().Watcher.Status.Running);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder, "catalog.db"));
        Assert.Equal(["ebb tables", "tide tables"], (await catalog.BooksAsync()).Select(b => b.Title).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AMissingLibraryOrCatalogFailsTheStartSayingWhich()
    {
        using IHost host = Build(services => services.AddBooklineWatch(o => o.Library = Path.Combine(_folder, "nowhere")));

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(failure.Failures, f => f.Contains("nowhere' does not exist", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("OpenCatalog must open the catalog", StringComparison.Ordinal));
    }

    private static IHost Build(Action<IServiceCollection> configure)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }
}
