using Microsoft.Playwright;

namespace Bookline.Cli.Tests.Web;

/// <summary>A catalog with an account, in a browser: the form, the cookie, the way back to the page asked for, and signing out.</summary>
public sealed class SignInBrowserTests(ServedSampleCatalogWithAccount served, Chromium chromium) : IClassFixture<ServedSampleCatalogWithAccount>, IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task APageAskedForLeadsToTheFormAndBackAfterSigningIn()
    {
        IPage page = await chromium.NewPageAsync(served.Address);
        await page.GotoAsync("/authors");
        await page.WaitForURLAsync("**/login?return=%2Fauthors");
        Assert.Equal("Sign in", await page.InnerTextAsync("h1"));

        await page.FillAsync("#name", ServedSampleCatalogWithAccount.Name);
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("form button[type=submit] >> text=Sign in");
        Assert.Equal("Wrong name or password.", await page.InnerTextAsync("p.error"));
        Assert.Equal(ServedSampleCatalogWithAccount.Name, await page.InputValueAsync("#name"));

        await page.FillAsync("#password", ServedSampleCatalogWithAccount.Password);
        await page.ClickAsync("form button[type=submit] >> text=Sign in");
        await page.WaitForURLAsync("**/authors");
        Assert.Equal("Authors", await page.InnerTextAsync("h1"));
        Assert.Contains($"Signed in as {ServedSampleCatalogWithAccount.Name}.", await page.InnerTextAsync("footer"), StringComparison.Ordinal);
        BrowserContextCookiesResult cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(ServedSampleCatalogWithAccount.Password, cookie.Value, StringComparison.Ordinal);

        // The thumbnails are read with the cookie too.
        await page.GotoAsync("/");
        Assert.True(await page.EvaluateAsync<bool>("() => Promise.all([...document.images].map(i => i.decode().then(() => i.naturalWidth > 0, () => false))).then(all => all.every(x => x))"));

        await page.ClickAsync("footer button >> text=Sign out");
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync("/stats");
        await page.WaitForURLAsync("**/login?return=%2Fstats");
    }
}
