namespace Bookline.Library.Catalog;

/// <summary>What became of a set of files since some time.</summary>
/// <param name="Written">Files written as (formats of) books.</param>
/// <param name="Skipped">Files recorded as skipped (not a book format).</param>
/// <param name="Failed">Files recorded as failed.</param>
public sealed record CatalogOutcomes(int Written, int Skipped, int Failed)
{
    /// <summary>All the files with an outcome.</summary>
    public int Total => Written + Skipped + Failed;

    /// <summary>The books the written files belong to (a book of three formats counts once).</summary>
    public int Books { get; init; }
}
