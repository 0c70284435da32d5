using System.Diagnostics;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;

namespace Bookline.Cli.Tests;

/// <summary>The commands that serve nothing start without ASP.NET Core: only serve (and scan --serve) load it.</summary>
public sealed class AssemblyLoadTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OnlyServingLoadsAspNetCore()
    {
        string library = Path.Combine(_temp.Path, "library");
        SampleLibrary.Write(library, includeBroken: false);
        string catalog = Path.Combine(_temp.Path, "catalog.db");
        using (SqliteCatalog store = SqliteCatalog.Open(catalog))
        {
            await new LibraryScanner().ScanAsync(library, store);
        }

        string[][] commands =
        [
            ["scan", library, "--catalog", Path.Combine(_temp.Path, "other.db")],
            ["list", "--catalog", catalog],
            ["search", "lighthouse", "--catalog", catalog, "--json"],
            ["status", "--catalog", catalog],
            ["users", "list", "--catalog", catalog],
            ["--help"],
        ];
        foreach (string[] command in commands)
        {
            IReadOnlyList<string> loaded = await LoadedAsync(command);
            Assert.Contains("Bookline.Library", loaded);
            Assert.True(!loaded.Any(a => a.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)),
                $"bookline {string.Join(' ', command)} loaded {string.Join(", ", loaded.Where(a => a.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)))}");
        }

        // The check can see it: serving loads it.
        IReadOnlyList<string> serving = await LoadedAsync(["serve", "--catalog", catalog, "--urls", $"http://127.0.0.1:{LoopbackPort.Free()}"], stopAfterStart: true);
        Assert.Contains("Microsoft.AspNetCore.Server.Kestrel.Core", serving);
    }

    /// <summary>Runs the command in a child process with the startup hook, and reads the assemblies it had loaded when it exited.</summary>
    private async Task<IReadOnlyList<string>> LoadedAsync(string[] args, bool stopAfterStart = false)
    {
        string list = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".txt");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bookline.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment["BOOKLINE_TEST_ASSEMBLY_LIST"] = list;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (stopAfterStart)
        {
            using var http = new HttpClient { BaseAddress = new Uri(args[^1]) };
            for (int i = 0; i < 200; i++)
            {
                try
                {
                    await http.GetAsync("/opds");
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(50); // not listening yet
                }
            }

            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(list), $"bookline {string.Join(' ', args)} wrote no list (exit {process.ExitCode}): {await output} {await error}");
        return File.ReadAllLines(list);
    }
}
