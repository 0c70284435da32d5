using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Microsoft.Extensions.Time.Testing;

namespace Bookline.Web.Tests;

/// <summary>Accounts on a served catalog: Basic on every request once there is one, and an address refused after guessing.</summary>
public sealed class AccessTests
{
    private static readonly Dictionary<string, string> Files = new() { ["sea/moby.txt"] = "Title: Moby Dick\n\nCall me Ishmael.\n" };
    private static readonly Dictionary<string, string> Accounts = new() { ["ishmael"] = "pequod-1851", ["zoë"] = "ünïcode pass" };

    [Fact]
    public async Task WithAccountsEveryRequestNeedsOneAndAWrongOneIsChallengedAgain()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, accounts: Accounts, access: new BooklineAccessOptions { Realm = "Sea books" });
        string download = await DownloadTests.DownloadPathAsync(served, "Moby Dick");

        foreach (string path in new[] { "/opds", "/opds/books", download })
        {
            using HttpResponseMessage anonymous = await served.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            AuthenticationHeaderValue challenge = Assert.Single(anonymous.Headers.WwwAuthenticate);
            Assert.Equal("Basic", challenge.Scheme);
            Assert.Contains("realm=\"Sea books\"", challenge.Parameter, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await GetAsync(served, path, "ishmael", "pequod-1851")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(served, path, "zoë", "ünïcode pass")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(served, "/opds", "ishmael", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(served, "/opds", "ahab", "pequod-1851")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(served, "/opds", "ishmael", string.Empty)).StatusCode);
    }

    [Fact]
    public async Task AnAddressIsRefusedAfterTooManyWrongLoginsInARowUntilTheBanEnds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, accounts: Accounts,
            access: new BooklineAccessOptions { BanAfter = 3, BanFor = TimeSpan.FromMinutes(5), TimeProvider = clock });

        // A right login between wrong ones starts the count again.
        await GetAsync(served, "/opds", "ishmael", "a");
        await GetAsync(served, "/opds", "ishmael", "b");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(served, "/opds", "ishmael", "pequod-1851")).StatusCode);
        await GetAsync(served, "/opds", "ishmael", "c");
        await GetAsync(served, "/opds", "ishmael", "d");
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(served, "/opds", "ishmael", "e")).StatusCode); // the third in a row

        using HttpResponseMessage banned = await GetAsync(served, "/opds", "ishmael", "pequod-1851");
        Assert.Equal(HttpStatusCode.TooManyRequests, banned.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), banned.Headers.RetryAfter?.Delta);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(served, "/opds", "ishmael", "pequod-1851")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(served, "/opds", "ishmael", "pequod-1851")).StatusCode);
    }

    [Fact]
    public async Task AnAccountAddedOrRemovedByAnotherProcessCountsAtTheNextRequest()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        Assert.Equal(HttpStatusCode.OK, (await served.Http.GetAsync("/opds")).StatusCode);

        using (var other = SqliteCatalog.Open(Path.Combine(served.Root, "catalog.db")))
        {
            await other.SetAccountAsync(new CatalogAccount("starbuck", BooklineAccess.HashPassword("starbuck", "coffee-and-oil"), DateTimeOffset.UtcNow));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await served.Http.GetAsync("/opds")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(served, "/opds", "starbuck", "coffee-and-oil")).StatusCode);

        using (var other = SqliteCatalog.Open(Path.Combine(served.Root, "catalog.db")))
        {
            await other.SetAccountAsync(new CatalogAccount("starbuck", BooklineAccess.HashPassword("starbuck", "new-password"), DateTimeOffset.UtcNow));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(served, "/opds", "starbuck", "coffee-and-oil")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(served, "/opds", "starbuck", "new-password")).StatusCode);
    }

    [Fact]
    public void APasswordIsKeptAsASaltedHashNeverAsItself()
    {
        string first = BooklineAccess.HashPassword("ishmael", "pequod-1851");
        string second = BooklineAccess.HashPassword("ishmael", "pequod-1851");

        Assert.DoesNotContain("pequod", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.True(Convert.FromBase64String(first).Length > 32);
    }

    private static Task<HttpResponseMessage> GetAsync(ServedLibrary served, string path, string name, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(name + ":" + password)));
        return served.Http.SendAsync(request);
    }
}
