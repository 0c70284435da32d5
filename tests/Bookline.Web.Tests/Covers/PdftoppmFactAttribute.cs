namespace Bookline.Web.Tests.Covers;

/// <summary>A test that needs poppler's pdftoppm, which scripts/test.sh installs: skipped, saying so, where it is missing.</summary>
public sealed class PdftoppmFactAttribute : FactAttribute
{
    public PdftoppmFactAttribute()
    {
        if (!File.Exists("/usr/bin/pdftoppm"))
        {
            Skip = "poppler-utils is not installed: scripts/test.sh installs it.";
        }
    }
}
