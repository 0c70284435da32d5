namespace Bookline.Library.Catalog;

/// <summary>A file a scan found and left alone because it is not a book Bookline reads: an outcome, not a failure.</summary>
/// <param name="Path">The file, relative to the library.</param>
/// <param name="Shelf">Its shelf.</param>
/// <param name="Reason">Why, in one line (for example "not a book format Bookline reads (.zip)").</param>
/// <param name="SkippedUtc">When.</param>
public sealed record CatalogSkip(string Path, string Shelf, string Reason, DateTimeOffset SkippedUtc);
