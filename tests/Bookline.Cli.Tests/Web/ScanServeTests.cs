using System.Net;
using Bookline.Library.Samples;

namespace Bookline.Cli.Tests.Web;

/// <summary>bookline scan --serve: the dashboard and the catalog's pages while and after the scan runs, until Ctrl+C.</summary>
public sealed class ScanServeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AfterTheScanThePageServesTheFinalReportAndTheNewCatalogUntilStopped()
    {
        string library = Path.Combine(_temp.Path, "library");
        SampleLibrary.Write(library);
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var console = new TestConsole();
        using var stop = new CancellationTokenSource();
        Task<int> scanning = BooklineApp.RunAsync(
            ["scan", library, "--catalog", Path.Combine(_temp.Path, "catalog.db"), "--serve", "--urls", address.ToString()], console.Console, TextWriter.Null, TextWriter.Null, stop.Token);
        for (int i = 0; i < 600 && !console.Text.Contains("Still serving", StringComparison.Ordinal); i++)
        {
            Assert.False(scanning.IsCompleted, "the scan ended without serving: " + console.Text);
            await Task.Delay(25); // the command's line is its only sign
        }

        Assert.Contains($"Live dashboard on {address.ToString().TrimEnd('/')}/live", console.Text, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        // The scan is over: the event stream sends the final report at once, then ends.
        string events = await http.GetStringAsync("/live/events");
        Assert.StartsWith("event: done\ndata: {\"outcome\":\"Completed\"", events, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"catalog\"", events, StringComparison.Ordinal);
        Assert.Contains("Scanning " + WebUtility.HtmlEncode(Path.GetFullPath(library)), await http.GetStringAsync("/live"), StringComparison.Ordinal);
        Assert.Contains("<mark>whale", await http.GetStringAsync("/?q=whales"), StringComparison.OrdinalIgnoreCase);
        Assert.False(scanning.IsCompleted);

        stop.Cancel();
        Assert.Equal(0, await scanning.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AnAddressAlreadyInUseIsAClearError()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string busy = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        string library = Path.Combine(_temp.Path, "library");
        SampleLibrary.Write(library);

        var (exit, _, error) = await CliRun.RunAsync("scan", library, "--catalog", Path.Combine(_temp.Path, "c.db"), "--serve", "--urls", busy);

        Assert.Equal(2, exit);
        Assert.Contains($"Cannot serve on {busy}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
