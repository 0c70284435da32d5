using System.Net;
using System.Net.Sockets;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;

namespace Bookline.Cli.Tests;

/// <summary>bookline serve over the sample library's catalog, asked over HTTP on loopback.</summary>
public sealed class ServeCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();
    private Task<int>? _serving;

    public async Task InitializeAsync()
    {
        string library = Path.Combine(_temp.Path, "library");
        SampleLibrary.Write(library, includeBroken: true);
        File.WriteAllText(Path.Combine(library, "fiction", "hostile.txt"), "Title: <script>alert('pwned')</script>\n\nA whale of a tale with a lighthouse.\n");
        string catalog = Path.Combine(_temp.Path, "catalog.db");
        using (SqliteCatalog store = SqliteCatalog.Open(catalog))
        {
            await new LibraryScanner().ScanAsync(library, store);
        }

        int port = FreePort();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var console = new TestConsole();
        _serving = BooklineApp.RunAsync(["serve", "--catalog", catalog, "--urls", _http.BaseAddress.ToString()], console.Console, TextWriter.Null, TextWriter.Null, _stop.Token);
        for (int i = 0; i < 200 && !console.Text.Contains("Serving", StringComparison.Ordinal); i++)
        {
            Assert.False(_serving.IsCompleted, "bookline serve ended at once");
            await Task.Delay(25); // no event for "listening" other than its line
        }
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_serving is not null)
        {
            Assert.Equal(0, await _serving.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _stop.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ASearchShowsRankedResultsWithTheMatchedWordsMarked()
    {
        string page = await _http.GetStringAsync("/?q=whale");
        Assert.Contains("<mark>whale", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Café au lait", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Matches("<a href=\"/book/\\d+\">", page);
        Assert.DoesNotContain("http://", page.Replace(_http.BaseAddress!.ToString(), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal); // no external asset
    }

    [Fact]
    public async Task AHostileTitleIsShownAsText()
    {
        string page = await _http.GetStringAsync("/?q=tale");
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersNarrowTheResults()
    {
        string page = await _http.GetStringAsync("/?q=whale&shelf=poetry");
        Assert.Contains("Songs of the Shore", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Café au lait", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABookPageShowsItsRecordAndAnUnknownOneIs404()
    {
        string search = await _http.GetStringAsync("/?q=lighthouse+keeper");
        string link = System.Text.RegularExpressions.Regex.Match(search, "/book/\\d+").Value;
        string page = await _http.GetStringAsync(link);
        Assert.Contains("fiction/the-lighthouse-keeper.txt", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/book/999999")).StatusCode);
    }

    [Fact]
    public async Task FailuresAndStatisticsAreListed()
    {
        string failures = await _http.GetStringAsync("/failures");
        Assert.Contains("broken/torn.pdf", failures, StringComparison.Ordinal);
        Assert.Contains("not a book format Bookline reads (.jpg)", failures, StringComparison.Ordinal);
        string stats = await _http.GetStringAsync("/stats");
        Assert.Contains("8 books", stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedQueryGetsAMessageNotACrash()
    {
        HttpResponseMessage response = await _http.GetAsync("/?q=%22unbalanced");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Cannot search for", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
