using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;

namespace Bookline.Cli.Tests;

/// <summary><c>bookline users</c>: accounts kept as hashes in the catalog, and <c>serve</c> asking for them.</summary>
public sealed class UsersCommandTests
{
    [Fact]
    public async Task AccountsAreAddedWithAHashListedAndRemoved()
    {
        using var temp = new TempFolder();
        string catalog = EmptyCatalog(temp);

        Assert.Equal(0, (await RunAsync("pequod-1851\n", "users", "add", "ishmael", "--catalog", catalog, "--password-stdin")).Exit);
        (int exit, string text) = await RunAsync("another-password\n", "users", "add", "ishmael", "--catalog", catalog, "--password-stdin");
        Assert.Equal(0, exit);
        Assert.Contains("Set a new password for ishmael", text, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("long enough pass\n", "users", "add", "zoë", "--catalog", catalog, "--password-stdin")).Exit);

        using (SqliteCatalog store = SqliteCatalog.Open(catalog))
        {
            IReadOnlyList<CatalogAccount> accounts = await store.AccountsAsync();
            Assert.Equal(["ishmael", "zoë"], accounts.Select(a => a.Name));
            Assert.DoesNotContain(accounts, a => a.PasswordHash.Contains("password", StringComparison.Ordinal) || a.PasswordHash.Contains("pass", StringComparison.Ordinal));
        }

        (exit, text) = await RunAsync(string.Empty, "users", "list", "--catalog", catalog, "--json");
        Assert.Equal(0, exit);
        using JsonDocument listed = JsonDocument.Parse(text);
        Assert.Equal(["ishmael", "zoë"], listed.RootElement.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal); // no hash is ever printed

        Assert.Equal(0, (await RunAsync(string.Empty, "users", "remove", "ishmael", "--catalog", catalog)).Exit);
        (exit, text) = await RunAsync(string.Empty, "users", "remove", "ishmael", "--catalog", catalog);
        Assert.Equal(2, exit);
        Assert.Contains("no account ishmael", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short\n", "ishmael", "too short")]
    [InlineData("pequod-1851\n", "ish:mael", "without a colon")]
    [InlineData("", "ishmael", "too short")]
    public async Task ABadNameOrPasswordIsRefusedAndNothingIsWritten(string stdin, string name, string cause)
    {
        using var temp = new TempFolder();
        string catalog = EmptyCatalog(temp);

        (int exit, string text) = await RunAsync(stdin, "users", "add", name, "--catalog", catalog, "--password-stdin");

        Assert.Equal(2, exit);
        Assert.Contains(cause, text, StringComparison.Ordinal);
        using SqliteCatalog store = SqliteCatalog.Open(catalog);
        Assert.Empty(await store.AccountsAsync());
    }

    [Fact]
    public async Task WithoutATerminalOrStandardInputThePasswordIsNotGuessed()
    {
        using var temp = new TempFolder();
        string catalog = EmptyCatalog(temp);

        (int exit, string text) = await RunAsync(string.Empty, "users", "add", "ishmael", "--catalog", catalog);

        Assert.Equal(2, exit);
        Assert.Contains("--password-stdin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeAsksForAnAccountOnceTheCatalogHasOne()
    {
        using var temp = new TempFolder();
        string catalog = EmptyCatalog(temp);
        Assert.Equal(0, (await RunAsync("pequod-1851\n", "users", "add", "ishmael", "--catalog", catalog, "--password-stdin")).Exit);
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var console = new TestConsole();
        using var stop = new CancellationTokenSource();
        Task<int> serving = BooklineApp.RunAsync(["serve", "--catalog", catalog, "--urls", address.ToString()], console.Console, TextWriter.Null, TextWriter.Null, stop.Token);
        for (int i = 0; i < 400 && !console.Text.Contains("Serving", StringComparison.Ordinal); i++)
        {
            Assert.False(serving.IsCompleted, "bookline serve ended at once: " + console.Text);
            await Task.Delay(25); // the command's line is its only sign that it listens
        }

        using var http = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/opds")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/opds");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ishmael:pequod-1851")));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        Assert.DoesNotContain("pequod", console.Text, StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>A new, empty catalog in the folder.</summary>
    private static string EmptyCatalog(TempFolder temp)
    {
        string catalog = Path.Combine(temp.Path, "catalog.db");
        SqliteCatalog.Open(catalog).Dispose();
        return catalog;
    }

    private static async Task<(int Exit, string Text)> RunAsync(string stdin, params string[] args)
    {
        var console = new TestConsole();
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await BooklineApp.RunAsync(args, console.Console, new StringReader(stdin), output, error).WaitAsync(TimeSpan.FromSeconds(60));
        return (exit, console.Text + output + error);
    }
}
