using System.Security.Cryptography;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Bookline.Cli.Tests.Web;

/// <summary>The library's pages in headless Chromium, as a reader uses them: browse, open, download, in both themes, at desk and phone widths, checked by axe-core.</summary>
public sealed class LibraryPagesBrowserTests(ServedSampleCatalog served, Chromium chromium) : IClassFixture<ServedSampleCatalog>, IClassFixture<Chromium>
{
    private static readonly string[] Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    [BrowserFact]
    public async Task BrowsingTheGridOpensABookWhoseCoverShowsAndWhoseFileDownloadsWhole()
    {
        IPage page = await chromium.NewPageAsync(served.Address);
        await page.GotoAsync("/");
        Assert.Equal("All books", await page.InnerTextAsync("h1"));
        Assert.True(await page.Locator(".grid .card").CountAsync() >= 9);

        await page.ClickAsync($".card a:has-text('{ServedSampleCatalog.CoveredTitle}')");
        await page.WaitForURLAsync("**/book/*");
        Assert.Equal(ServedSampleCatalog.CoveredTitle, await page.InnerTextAsync("h1"));
        ILocator cover = page.Locator(".book .cover img");
        await page.WaitForFunctionAsync("() => document.querySelector('.book .cover img').complete");
        // The cover file is 600 × 900; the page's image is it, resized to fit 600 × 900, not the placeholder.
        Assert.Equal(600, await cover.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Contains("/cover?v=", await cover.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.Contains("Ada Keeper", await page.InnerTextAsync(".fields"), StringComparison.Ordinal);

        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("table.files a"));
        string saved = Path.Combine(Path.GetTempPath(), "bookline-download-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(saved);
        try
        {
            string original = Path.Combine(served.Library, "calibre", "Ada Keeper", "The Harbour Lights (7)", "The Harbour Lights - Ada Keeper.txt");
            Assert.Equal("The Harbour Lights - Ada Keeper.txt", download.SuggestedFilename);
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(original)), SHA256.HashData(File.ReadAllBytes(saved)));
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [BrowserFact]
    public async Task EveryKindOfPageHasNoWcag21AAViolationInEitherTheme()
    {
        long id = await BookIdAsync(ServedSampleCatalog.CoveredTitle);
        // One page of each template (the lists of authors, series, tags … share one, as the grids do) in the light theme;
        // in the dark one (the same markup, other colours) the grid, a book, search and the form. axe takes 2-3 s a page here.
        string[] paths = ["/", "/authors", "/duplicates", $"/book/{id}", "/?q=lighthouse", "/?q=lighthuose", "/failures", "/stats", "/login", "/no/such/page"];
        string[] darkPaths = ["/", $"/book/{id}", "/?q=lighthouse", "/login"];
        var found = new List<string>();
        foreach ((ColorScheme scheme, string[] checkedPaths) in new[] { (ColorScheme.Light, paths), (ColorScheme.Dark, darkPaths) })
        {
            IPage page = await NewPageAsync(1280, scheme);
            foreach (string path in checkedPaths)
            {
                await page.GotoAsync(path);
                AxeResult result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Wcag21AA] }, ResultTypes = [ResultType.Violations] });
                found.AddRange(result.Violations.Select(v => $"{scheme} {path}: {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}"));
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));

        // The same check finds what it is there to find: text too faint on its background, an image without a name.
        IPage bad = await NewPageAsync(1280, ColorScheme.Light);
        await bad.GotoAsync("/");
        await bad.EvaluateAsync("() => { const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#ddd'; document.querySelector('main').append(p); const a = document.createElement('a'); a.href = '/'; a.append(document.createElement('img')); document.querySelector('main').append(a); }");
        AxeResult caught = await bad.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Wcag21AA] }, ResultTypes = [ResultType.Violations] });
        Assert.Contains(caught.Violations, v => v.Id == "color-contrast");
        Assert.Contains(caught.Violations, v => v.Id is "image-alt" or "link-name");
    }

    [BrowserFact]
    public async Task TheGridAndABookPageAtDeskAndPhoneWidthsInBothThemesAndOneColumnOnAPhone()
    {
        long id = await BookIdAsync(ServedSampleCatalog.CoveredTitle);
        foreach ((string name, int width) in new[] { ("desktop", 1280), ("phone", 390) })
        {
            foreach (ColorScheme scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                IPage page = await NewPageAsync(width, scheme);
                await page.GotoAsync("/");
                string theme = scheme == ColorScheme.Dark ? "dark" : "light";
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsFolder, $"grid-{name}-{theme}.png"), FullPage = true });
                IReadOnlyList<float> lefts = await page.Locator(".grid .card").EvaluateAllAsync<float[]>("cards => cards.map(c => c.getBoundingClientRect().left)");
                if (width == 390)
                {
                    Assert.Single(lefts.Distinct()); // one column
                    Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
                }
                else
                {
                    Assert.True(lefts.Distinct().Count() >= 4, $"{lefts.Distinct().Count()} columns at {width} px");
                }

                await page.GotoAsync($"/book/{id}");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsFolder, $"book-{name}-{theme}.png"), FullPage = true });
                string background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
                Assert.Equal(scheme == ColorScheme.Dark ? "rgb(21, 23, 26)" : "rgb(251, 250, 247)", background);
            }
        }
    }

    [BrowserFact]
    public async Task TheKeyboardReachesThePageTheSearchBoxAndEveryLink()
    {
        IPage page = await NewPageAsync(1280, ColorScheme.Light);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to the page", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        await page.Keyboard.PressAsync("/");
        Assert.Equal("q", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("lighthouse");
        Assert.Equal("lighthouse", await page.InputValueAsync("#q"));
        await page.Locator("#q").PressAsync("Enter");
        // Committed is enough: the load event also waits for every image, which a loaded machine may take long to make.
        await page.WaitForURLAsync("**/?q=lighthouse*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        Assert.Equal("The Lighthouse Keeper", (await page.Locator("ol.hits li > a").AllInnerTextsAsync())[0]);

        // The first hit takes the focus, and Enter opens it.
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await page.Locator("ol.hits li > a").First.FocusAsync();
        string? focused = await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('href')");
        Assert.StartsWith("/book/", focused, StringComparison.Ordinal);
        await page.Locator("ol.hits li > a").First.PressAsync("Enter");
        await page.WaitForURLAsync("**" + focused, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        Assert.Equal("The Lighthouse Keeper", await page.InnerTextAsync("h1"));
    }

    private async Task<IPage> NewPageAsync(int width, ColorScheme scheme)
    {
        IBrowserContext context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = served.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            ColorScheme = scheme,
            AcceptDownloads = true,
        });
        // The whole test run shares two cores: a first search on a fresh server can take a while under that load.
        context.SetDefaultTimeout(45_000);
        context.SetDefaultNavigationTimeout(45_000);
        return await context.NewPageAsync();
    }

    private async Task<long> BookIdAsync(string title)
    {
        using var http = new HttpClient { BaseAddress = served.Address };
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/search?q=" + Uri.EscapeDataString("title:\"" + title + "\"")));
        return json.RootElement.GetProperty("hits")[0].GetProperty("id").GetInt64();
    }
}
