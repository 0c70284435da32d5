using System.Diagnostics;
using System.IO.Compression;
using Bookline.Tests.Shared;

namespace Bookline.Cli.Tests;

/// <summary>dotnet pack makes the libraries' packages and the bookline tool, and the tool installs and runs from a folder feed.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly string[] Libraries = ["Bookline.Queues", "Bookline.Pipelines", "Bookline.Library", "Bookline.Transports.RabbitMq", "Bookline.Hosting"];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ThePackedToolInstallsFromAFolderFeedAndScansTheSampleLibrary()
    {
        string root = TestServers.RepositoryRoot();
        string feed = Path.Combine(_temp.Path, "feed");
        await RunAsync("dotnet", root, "pack", Path.Combine("src", "Bookline.Cli"), "-c", "Release", "-o", feed, "-nologo", "-v", "quiet");
        foreach (string library in Libraries)
        {
            await RunAsync("dotnet", root, "pack", Path.Combine("src", library), "-c", "Release", "-o", feed, "-nologo", "-v", "quiet");
        }

        foreach (string library in Libraries)
        {
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(feed, $"{library}.0.1.0.nupkg"));
            string[] entries = [.. package.Entries.Select(e => e.FullName)];
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{library}.dll", entries);
            Assert.Contains($"lib/net10.0/{library}.xml", entries);
            using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            string manifest = await nuspec.ReadToEndAsync();
            Assert.Contains("<license type=\"expression\">MIT</license>", manifest, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", manifest, StringComparison.Ordinal);
            Assert.Matches("<description>.{40,}</description>", manifest);
        }

        string tools = Path.Combine(_temp.Path, "tools");
        await RunAsync("dotnet", root, "tool", "install", "bookline", "--tool-path", tools, "--add-source", feed, "--version", "0.1.0");
        string bookline = Path.Combine(tools, "bookline");
        string version = await RunAsync(bookline, _temp.Path, "--version");
        Assert.StartsWith("0.1.0", version.Trim(), StringComparison.Ordinal);
        string scan = await RunAsync(bookline, _temp.Path, "scan", "--sample");
        Assert.Contains("7 books cataloged", scan, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_temp.Path, "bookline.db")));
    }

    private static async Task<string> RunAsync(string program, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }
}
