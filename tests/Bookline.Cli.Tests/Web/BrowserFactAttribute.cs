namespace Bookline.Cli.Tests.Web;

/// <summary>A test that needs headless Chromium; skipped without it unless the run requires it.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason;
}
