namespace Bookline.Library.Scanning;

/// <summary>A file a shelf finder found, on its way to the scanners.</summary>
/// <param name="Shelf">The shelf (top-level folder) it stands on.</param>
/// <param name="FullPath">Where it is on disk.</param>
/// <param name="RelativePath">Its path inside the library, with forward slashes: the catalog's key.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="ModifiedUtc">Its last write time.</param>
/// <param name="Priority">Lower is scanned sooner (from the priority file; 100 by default).</param>
public sealed record FoundFile(string Shelf, string FullPath, string RelativePath, long Bytes, DateTimeOffset ModifiedUtc, int Priority)
{
    /// <summary>The OPF document beside the file whose metadata wins over the file's own (calibre's <c>metadata.opf</c>), full path; null for none.</summary>
    public string? MetadataFile { get; init; }

    /// <summary>The cover image beside the file (a book folder's <c>cover.jpg</c>), full path; null for none.</summary>
    public string? CoverFile { get; init; }

    /// <summary>
    /// True when the book is more than this file's bytes on disk (a book inside an archive, an HTML
    /// book of many pages): its size and time stand for all of it, and a hash of the file cannot say
    /// that it is unchanged.
    /// </summary>
    public bool BeyondItsFile { get; init; }

    /// <summary>For a link to a folder that the walk did not go into: why (the entry is then skipped with this reason).</summary>
    public string? NotFollowed { get; init; }
}
