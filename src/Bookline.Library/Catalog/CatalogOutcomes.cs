namespace Bookline.Library.Catalog;

/// <summary>What became of a set of files since some time.</summary>
/// <param name="Books">Written as books.</param>
/// <param name="Skipped">Recorded as skipped (not a book format).</param>
/// <param name="Failed">Recorded as failed.</param>
public sealed record CatalogOutcomes(int Books, int Skipped, int Failed)
{
    /// <summary>All the files with an outcome.</summary>
    public int Total => Books + Skipped + Failed;
}
