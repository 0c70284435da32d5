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

        for (int i = 0; i < 5; i++)
        {
            File.WriteAllText(Path.Combine(Library, "sea", "tide.txt"), $"Title: Tide Tables\n\nHigh water at dawn, printing {i}.\n");
        }

        WatchPass change = await passes.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal((WatchReason.Changes, 1), (change.Reason, change.Report.Cataloged));
        listener.RecordObservableInstruments();
        lock (received)
        {
            // The kernel merges repeated events of one file, so five writes are at least two events; all but the first of a folder merge.
            double events = received.Where(m => m.Name == WatchTelemetry.EventsReceived).Sum(m => m.Value);
            double coalesced = received.Where(m => m.Name == WatchTelemetry.EventsCoalesced).Sum(m => m.Value);
            Assert.True(events >= 2 && coalesced >= 1 && coalesced < events, string.Join(", ", received));
            Assert.Contains(received, m => m.Name == WatchTelemetry.Lag && m.Value >= 0.3);
        }

        await host.StopAsync().WaitAsync(Bound);
        Assert.False(host.Services.GetRequiredService<LibraryWatchHostedService>().Watcher.Status.Running);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        using SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(_folder, "catalog.db"));
        Assert.Equal("Tide Tables", Assert.Single(await catalog.BooksAsync()).Title);
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
