namespace Bookline.Library.Catalog;

/// <summary>A file that could not be cataloged, and why.</summary>
/// <param name="Path">The file, relative to the library.</param>
/// <param name="Shelf">Its shelf.</param>
/// <param name="Stage">The stage where it failed (scan, catalog).</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="FailedUtc">When.</param>
public sealed record CatalogFailure(string Path, string Shelf, string Stage, string Reason, int Attempts, DateTimeOffset FailedUtc);
