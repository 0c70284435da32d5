using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Microsoft.Extensions.Time.Testing;

namespace Bookline.Web.Tests;

/// <summary>The sign-in form and its cookie, beside HTTP Basic: where each is asked for, what the cookie holds, and when it stops working.</summary>
public sealed class SignInTests
{
    private const string Password = "pequod-1851";

    private static readonly Dictionary<string, string> Files = new() { ["sea/moby.txt"] = "Title: Moby Dick\n\nCall me Ishmael.\n" };
    private static readonly Dictionary<string, string> Accounts = new() { ["ishmael"] = Password };

    [Fact]
    public async Task ABrowserIsSentToTheFormAndAnAppGetsTheBasicChallenge()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, accounts: Accounts);
        using HttpClient browser = served.NewBrowserClient(new CookieContainer());

        using HttpResponseMessage page = await browser.SendAsync(Html(HttpMethod.Get, "/authors?sort=count"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?return=%2Fauthors%3Fsort%3Dcount", page.Headers.Location?.OriginalString);

        // Feeds, downloads, covers and the API answer with the challenge e-reader apps know, whatever they accept.
        foreach (string path in new[] { "/opds", "/api/search?q=moby", "/books/1/thumbnail" })
        {
            using HttpResponseMessage app = await browser.SendAsync(Html(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.Unauthorized, app.StatusCode);
            Assert.Equal("Basic", Assert.Single(app.Headers.WwwAuthenticate).Scheme);
        }

        // The form and the stylesheet are open: there is nothing of the library in them.
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(Html(HttpMethod.Get, "/login"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/assets/bookline.css")).StatusCode);
    }

    [Fact]
    public async Task SigningInSetsACookieThatOpensPagesUntilSignOutOrAPasswordChange()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, accounts: Accounts);
        var cookies = new CookieContainer();
        using HttpClient browser = served.NewBrowserClient(cookies);

        using HttpResponseMessage wrong = await SignInAsync(browser, "ishmael", "harpoon", "/stats");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Wrong name or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(cookies.GetAllCookies());

        using HttpResponseMessage right = await SignInAsync(browser, "ishmael", Password, "/stats");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/stats", right.Headers.Location?.OriginalString);
        string setCookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, setCookie, StringComparison.Ordinal);

        using HttpResponseMessage stats = await browser.SendAsync(Html(HttpMethod.Get, "/stats"));
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Contains("Signed in as ishmael.", await stats.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/books/1/thumbnail")).StatusCode);

        // A cookie edited by hand is no cookie.
        Cookie session = Assert.Single(cookies.GetAllCookies());
        var forged = new CookieContainer();
        forged.Add(new Cookie(session.Name, session.Value.Replace("ishmael", "ahab", StringComparison.Ordinal), session.Path, session.Domain));
        using (HttpClient forger = served.NewBrowserClient(forged))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await forger.SendAsync(Html(HttpMethod.Get, "/stats"))).StatusCode);
        }

        // A new password ends the sessions signed in with the old one.
        using (var other = SqliteCatalog.Open(Path.Combine(served.Root, "catalog.db")))
        {
            await other.SetAccountAsync(new CatalogAccount("ishmael", BooklineAccess.HashPassword("ishmael", "new-password"), DateTimeOffset.UtcNow));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SendAsync(Html(HttpMethod.Get, "/stats"))).StatusCode);
        await SignInAsync(browser, "ishmael", "new-password", "/");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(Html(HttpMethod.Get, "/stats"))).StatusCode);
        using HttpResponseMessage signOut = await browser.PostAsync("/logout", null);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SendAsync(Html(HttpMethod.Get, "/stats"))).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("")]
    public async Task AfterSigningInOnlyAPageOfThisAppIsReturnedTo(string back)
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, accounts: Accounts);
        using HttpClient browser = served.NewBrowserClient(new CookieContainer());

        using HttpResponseMessage response = await SignInAsync(browser, "ishmael", Password, back);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task WrongPasswordsInTheFormCountTowardsTheBanAndNoPasswordIsEverLogged()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, accounts: Accounts,
            access: new BooklineAccessOptions { BanAfter = 3, BanFor = TimeSpan.FromMinutes(5), TimeProvider = clock });
        using HttpClient browser = served.NewBrowserClient(new CookieContainer());

        await SignInAsync(browser, "ishmael", "guess-one", "/");
        await SignInAsync(browser, "ahab", "guess-two", "/");
        using (var basic = new HttpRequestMessage(HttpMethod.Get, "/opds"))
        {
            basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ishmael:guess-three")));
            await browser.SendAsync(basic);
        }

        using HttpResponseMessage banned = await SignInAsync(browser, "ishmael", Password, "/");
        Assert.Equal(HttpStatusCode.TooManyRequests, banned.StatusCode);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, "ishmael", Password, "/")).StatusCode);

        string logged = string.Join("\n", served.Log.Entries.Select(e => e.Message + e.Exception));
        Assert.NotEmpty(served.Log.Entries); // the app did log: requests, at the least
        foreach (string secret in new[] { Password, "guess-one", "guess-two", "guess-three", Convert.ToBase64String(Encoding.UTF8.GetBytes("ishmael:guess-three")) })
        {
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        }
    }

    private static HttpRequestMessage Html(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return request;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password, string back) =>
        browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = name, ["password"] = password, ["return"] = back }));
}
