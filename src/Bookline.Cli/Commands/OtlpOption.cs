using System.CommandLine;
using Bookline.Pipelines;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bookline.Cli.Commands;

/// <summary>The --otlp option: exports the pipelines' traces and metrics to an OpenTelemetry collector, and nothing unless asked.</summary>
internal static class OtlpOption
{
    public static Option<Uri?> Create() => new("--otlp")
    {
        Description = "Export traces and metrics (OTLP over HTTP/protobuf) to this collector, for example http://127.0.0.1:4318. Nothing is exported without it.",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError($"--otlp: '{text}' is not an http:// or https:// address of an OTLP collector.");
            return null;
        },
    };

    /// <summary>Starts exporting when an endpoint is given; disposing flushes what is left and stops.</summary>
    public static IDisposable Start(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return new Nothing();
        }

        string root = endpoint.ToString().TrimEnd('/');
        ResourceBuilder resource = ResourceBuilder.CreateDefault().AddService("bookline", serviceVersion: typeof(OtlpOption).Assembly.GetName().Version?.ToString());
        TracerProvider traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(PipelineTelemetry.SourceName)
            .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (new Uri(root + "/v1/traces"), OtlpExportProtocol.HttpProtobuf))
            .Build();
        MeterProvider metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(PipelineTelemetry.SourceName)
            .AddOtlpExporter((o, reader) =>
            {
                (o.Endpoint, o.Protocol) = (new Uri(root + "/v1/metrics"), OtlpExportProtocol.HttpProtobuf);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000;
            })
            .Build();
        return new Exporting(traces, metrics);
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Exporting(TracerProvider traces, MeterProvider metrics) : IDisposable
    {
        public void Dispose()
        {
            // Disposing flushes: the last spans and a final metrics export leave before the process ends.
            traces.Dispose();
            metrics.Dispose();
        }
    }
}
