namespace Bookline.Library.Tests.Scanning;

/// <summary>A test that needs calibre's own tools (calibredb, ebook-convert: apt install calibre); skipped without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CalibreToolFactAttribute : FactAttribute
{
    public CalibreToolFactAttribute()
    {
        if (!File.Exists("/usr/bin/calibredb") || !File.Exists("/usr/bin/ebook-convert"))
        {
            Skip = "calibre is not installed (apt install calibre): this test builds a library with calibre's own tools.";
        }
    }
}
