using Bookline.Cli.Commands;

namespace Bookline.Cli.Tests.Web;

/// <summary>A catalog is served beyond this machine only when its owner says so.</summary>
public sealed class ServeReachTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://books.example:5080")]
    [InlineData("http://127.0.0.1:5080;http://0.0.0.0:5081")]
    public async Task AnAddressOtherMachinesReachIsRefusedWithoutAllowAnonymous(string urls)
    {
        using var temp = new TempFolder();
        string catalog = Path.Combine(temp.Path, "catalog.db");
        Bookline.Catalog.Sqlite.SqliteCatalog.Open(catalog).Dispose();
        (int exit, string text, string error) = await CliRun.RunAsync("serve", "--catalog", catalog, "--urls", urls);

        Assert.Equal(2, exit);
        Assert.Contains("--allow-anonymous", text + error, StringComparison.Ordinal);
        Assert.Contains("bookline users add", text + error, StringComparison.Ordinal);
        Assert.Contains("reached from other machines", text + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://localhost:5080", false)]
    [InlineData("http://[::1]:5080", false)]
    [InlineData("http://127.0.0.2:5080;http://localhost:5081", false)]
    [InlineData("http://0.0.0.0:5080", true)]
    public void LoopbackNeedsNoPermissionAndAllowAnonymousGivesIt(string urls, bool allowAnonymous) =>
        ServeCommand.CheckReach(urls, allowAnonymous);
}
