using Bookline.Tests.Shared;
using Microsoft.Playwright;

namespace Bookline.Cli.Tests.Web;

/// <summary>
/// Headless Chromium from Debian's chromium package, driven by Playwright; no browser is downloaded.
/// scripts/test.sh installs the package when it is missing.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? SkipReason => File.Exists(ExecutablePath) || TestServers.Required
        ? null
        : $"No {ExecutablePath}: run scripts/test.sh, which installs Debian's chromium package.";

    /// <summary>Where screenshots go: BOOKLINE_TEST_ARTIFACTS, or artifacts/screenshots in the repository.</summary>
    public static string ArtifactsFolder => Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("BOOKLINE_TEST_ARTIFACTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(TestServers.RepositoryRoot(), "artifacts", "screenshots")).FullName;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(SkipReason ?? "Chromium did not start.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return; // each test says why it is skipped, or fails when the run requires a browser
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Nothing may leave the machine: no background fetches, updates, sync or QUIC probes.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page of a fresh context, with a bound on every wait so a broken page fails rather than hangs.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
