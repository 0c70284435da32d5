using Bookline.Library.Watching;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bookline.Hosting;

/// <summary>
/// The watcher's health: unhealthy while it is not watching (before its first pass, stopped or failed) or when its last pass could
/// not write to the catalog; degraded when a change has waited longer than <see cref="WatchHostOptions.MaxLag"/>; healthy otherwise.
/// The data says when the last pass ended, how many folders wait, and for how long.
/// </summary>
internal sealed class WatchHealthCheck(LibraryWatchHostedService service, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        WatchStatus status = service.Watcher.Status;
        TimeSpan lag = status.OldestPendingUtc is { } oldest ? clock.GetUtcNow() - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["running"] = status.Running,
            ["lastPassUtc"] = status.LastPassUtc?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none",
            ["pending"] = status.Pending,
            ["lagSeconds"] = lag.TotalSeconds,
        };
        HealthCheckResult result = status switch
        {
            { LastError: { } error } => HealthCheckResult.Unhealthy($"The last pass failed: {error}", data: data),
            { Running: false } => HealthCheckResult.Unhealthy(status.LastPassUtc is null ? "The first scan has not finished." : "The watcher is not running.", data: data),
            _ when lag > service.Options.MaxLag => HealthCheckResult.Degraded($"A change has waited {lag.TotalSeconds:0} s for its pass (more than {service.Options.MaxLag.TotalSeconds:0} s).", data: data),
            _ => HealthCheckResult.Healthy($"Watching; {status.Pending} folders with changes waiting.", data),
        };
        return Task.FromResult(result);
    }
}
