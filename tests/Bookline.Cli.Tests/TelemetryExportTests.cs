using System.Collections.Concurrent;
using System.Net;

namespace Bookline.Cli.Tests;

/// <summary>--otlp exports the scan's traces and metrics to a collector; a fake one on loopback records what arrives.</summary>
public sealed class TelemetryExportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AScanWithOtlpSendsTracesAndMetricsToTheCollector()
    {
        int port = LoopbackPort.Free();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentDictionary<string, long>();
        var traces = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task serving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                string path = context.Request.Url!.AbsolutePath;
                received.AddOrUpdate($"{context.Request.HttpMethod} {path} {context.Request.ContentType}", body.Length, (_, n) => n + body.Length);
                (path == "/v1/traces" ? traces : path == "/v1/metrics" ? metrics : null)?.TrySetResult();
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        string library = Path.Combine(_temp.Path, "library");
        Bookline.Library.Samples.SampleLibrary.Write(library);
        var (exit, _, error) = await CliRun.RunAsync("scan", library, "--catalog", Path.Combine(_temp.Path, "c.db"), "--otlp", $"http://127.0.0.1:{port}");
        Assert.Equal(0, exit);

        // The exporters flush when the command ends.
        await Task.WhenAll(traces.Task, metrics.Task).WaitAsync(TimeSpan.FromSeconds(30));
        collector.Stop();
        await serving;
        Assert.True(received[$"POST /v1/traces application/x-protobuf"] > 0, error);
        Assert.True(received[$"POST /v1/metrics application/x-protobuf"] > 0, error);
    }

    [Fact]
    public async Task ABadOtlpAddressIsAUsageError()
    {
        var (exit, _, error) = await CliRun.RunAsync("scan", "--sample", "--otlp", "collector:4318");
        Assert.Equal(2, exit);
        Assert.Contains("--otlp: 'collector:4318' is not an http:// or https:// address", error, StringComparison.Ordinal);
    }
}
