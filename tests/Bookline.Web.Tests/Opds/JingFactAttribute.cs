namespace Bookline.Web.Tests.Opds;

/// <summary>A test that validates with jing (Debian's RELAX NG validator), which scripts/test.sh installs: skipped, saying so, where it is missing.</summary>
public sealed class JingFactAttribute : FactAttribute
{
    public const string Jing = "/usr/bin/jing";

    public JingFactAttribute()
    {
        if (!File.Exists(Jing))
        {
            Skip = "jing is not installed: scripts/test.sh installs it.";
        }
    }
}
