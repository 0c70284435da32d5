using Bookline.Pipelines;
using Bookline.Samples.WorkerService;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// A worker service whose job is one Bookline pipeline: it reads every book of a library folder
// and logs its title and size, then ends. Ctrl+C stops it gracefully.
//   dotnet run --project samples/Bookline.Samples.WorkerService [-- --Library <folder>] [--Otlp http://127.0.0.1:4318]
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<ShelfReaderOptions>(builder.Configuration);
builder.Services.AddBooklinePipeline<string, ShelfReader>().BindConfiguration("Bookline:Pipeline");

// The pipeline's spans and instruments go to an OpenTelemetry collector only when one is named.
if (builder.Configuration.GetValue<Uri?>("Otlp") is { } collector)
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddSource(PipelineTelemetry.SourceName)
            .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (new Uri(collector, "v1/traces"), OtlpExportProtocol.HttpProtobuf)))
        .WithMetrics(metrics => metrics.AddMeter(PipelineTelemetry.SourceName)
            .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (new Uri(collector, "v1/metrics"), OtlpExportProtocol.HttpProtobuf)));
}

await builder.Build().RunAsync();
