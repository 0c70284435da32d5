using Bookline.Library.Scanning;

namespace Bookline.Cli.Commands;

/// <summary>The library path an item of any scan stage is about.</summary>
internal static class ScanItemPath
{
    public static string? Of(object? item) => item switch
    {
        FoundFile file => file.RelativePath,
        ScannedFile scanned => scanned.File.RelativePath,
        CatalogEntry entry => entry.File.RelativePath,
        _ => null,
    };
}
