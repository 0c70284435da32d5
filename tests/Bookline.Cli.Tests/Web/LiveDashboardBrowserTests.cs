using Bookline.Catalog.Sqlite;
using Bookline.Cli.Commands;
using Bookline.Cli.Web;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Bookline.Cli.Tests.Web;

/// <summary>
/// The live dashboard in headless Chromium, over a scan-shaped pipeline whose workers the test holds:
/// what the page shows mid-run is then known exactly, whatever the machine's speed.
/// </summary>
public sealed class LiveDashboardBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private const string HostileFile = "shelf/<img src=x onerror=alert(1)>.txt";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [BrowserFact]
    public async Task TheDashboardShowsQueuesWorkersAndFailuresAsTheyHappenThenTheEnd()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Both scan workers are held: one on slow.pdf, one on the first book; the books behind them wait in the queue.
        Pipeline<FoundBook> pipeline = Pipeline.Create<FoundBook>()
            .Transform("scan", async (book, ct) =>
            {
                if (book.Key == HostileFile)
                {
                    throw new InvalidDataException("damaged: <b>not a book</b>");
                }

                if (book.Key is "shelf/slow.pdf" or "shelf/book-0.txt")
                {
                    await release.Task.WaitAsync(ct);
                }

                return book;
            }, new StageOptions { Workers = 2, Capacity = 50 })
            .Sink("catalog", (_, _) => ValueTask.CompletedTask);
        var live = new LiveScan("/srv/library");
        using SqliteCatalog store = SqliteCatalog.Open(Path.Combine(_temp.Path, "catalog.db"));
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        WebApplication app = ServeCommand.Build(store, address.ToString(), live);
        await app.StartAsync();
        try
        {
            await using PipelineRun<FoundBook> run = pipeline.Start();
            live.Attach(run);
            await run.WriteAsync(File("shelf/slow.pdf"));
            await run.WriteAsync(File(HostileFile));
            for (int i = 0; i < 10; i++)
            {
                await run.WriteAsync(File($"shelf/book-{i}.txt"));
            }

            IPage page = await chromium.NewPageAsync(address);
            var dialogs = new List<string>();
            page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
            await page.GotoAsync("/live");

            // Waits end when the page shows the state, pushed by events; each is bounded by the page's default timeout.
            // Which worker takes which file is the queue's business: the page must show both held files.
            await page.Locator("#workers li", new PageLocatorOptions { HasText = ": shelf/slow.pdf (0 done)" }).WaitForAsync();
            await page.Locator("#workers li", new PageLocatorOptions { HasText = ": shelf/book-0.txt (0 done)" }).WaitForAsync();
            await page.Locator("#failures tbody tr").First.WaitForAsync();
            Assert.Equal("9", await page.InnerTextAsync("#stages tr[data-stage=scan] td.queue"));
            Assert.Equal([HostileFile, "scan", "InvalidDataException: damaged: <b>not a book</b>", "1"], await page.Locator("#failures tbody tr >> nth=0 >> td").AllInnerTextsAsync());
            Assert.Equal(0, await page.Locator("#failures img, #failures b").CountAsync());
            Assert.StartsWith("Scanning", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsFolder, "live-dashboard.png"), FullPage = true });

            release.SetResult();
            run.CompleteInput();
            live.Finish(await run.Completion);

            await page.Locator("body[data-state=done]").WaitForAsync();
            Assert.StartsWith("Scan completed · 12 files found · 1 failed", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
            Assert.Equal("11", await page.InnerTextAsync("#stages tr[data-stage=catalog] td.done"));
            Assert.Empty(dialogs);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static FoundBook File(string path) => new("shelf", path, [new FoundFile("shelf", "/srv/library/" + path, path, 100, DateTimeOffset.UnixEpoch, 100)], 100);
}
