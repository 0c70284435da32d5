using Microsoft.Playwright;

namespace Bookline.Cli.Tests.Web;

/// <summary>The catalog's web page in headless Chromium: what a librarian types, clicks and sees.</summary>
public sealed class CatalogPageBrowserTests(ServedSampleCatalog served, Chromium chromium) : IClassFixture<ServedSampleCatalog>, IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task TypingAQueryShowsRankedResultsWithTheWordsMarkedAndOpensABook()
    {
        IPage page = await chromium.NewPageAsync(served.Address);
        await page.GotoAsync("/");
        await page.FillAsync("input[name=q]", "lighthouse");
        await page.PressAsync("input[name=q]", "Enter");
        await page.WaitForURLAsync("**/?q=lighthouse*");

        IReadOnlyList<string> titles = await page.Locator("ol.hits li > a").AllInnerTextsAsync();
        // The title weighs most: the book called so comes first, then those that only mention it.
        Assert.Equal("The Lighthouse Keeper", titles[0]);
        Assert.True(titles.Count >= 3, string.Join(" | ", titles));
        IReadOnlyList<string> marked = await page.Locator("ol.hits mark").AllInnerTextsAsync();
        Assert.NotEmpty(marked);
        Assert.All(marked, word => Assert.StartsWith("lighthouse", word, StringComparison.OrdinalIgnoreCase));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsFolder, "search.png"), FullPage = true });

        await page.ClickAsync("ol.hits li > a >> nth=0");
        await page.WaitForURLAsync("**/book/*");
        Assert.Equal("The Lighthouse Keeper", await page.InnerTextAsync("h1"));
        Assert.Contains("fiction/the-lighthouse-keeper.txt", await page.InnerTextAsync("table"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task AHostileTitleIsTextOnThePageAndRunsNoScript()
    {
        IPage page = await chromium.NewPageAsync(served.Address);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await page.GotoAsync("/?q=tale");

        Assert.Contains(ServedSampleCatalog.HostileTitle, await page.Locator("ol.hits li > a").AllInnerTextsAsync());
        Assert.Equal(0, await page.Locator("script:not([src^='/assets/'])").CountAsync());
        Assert.Empty(dialogs);
    }

    [BrowserFact]
    public async Task TheFailuresPageListsEachFileWithItsReason()
    {
        IPage page = await chromium.NewPageAsync(served.Address);
        await page.GotoAsync("/");
        await page.ClickAsync("nav >> text=Failures");

        IReadOnlyList<string> rows = await page.Locator("table tr").AllInnerTextsAsync();
        Assert.Contains(rows, r => r.Contains("broken/torn.pdf", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("broken/holiday-photo.jpg", StringComparison.Ordinal) && r.Contains("not a book format Bookline reads (.jpg)", StringComparison.Ordinal));
    }
}
