using Bookline.Pipelines;

namespace Bookline.Library.Scanning;

/// <summary>What a library scan did.</summary>
/// <param name="Pipeline">The pipeline's report: per stage and per worker.</param>
/// <param name="Found">Files found on the shelves.</param>
/// <param name="Unchanged">Files skipped because the catalog already has them as they are.</param>
/// <param name="PreviouslyFailed">Files not read because they failed before and have not been written since (scan them again with RetryFailed).</param>
/// <param name="Cataloged">Books written to the catalog (a book of several formats counts once).</param>
/// <param name="Skipped">Files that are not a format Bookline reads (recorded with the reason), in this scan or before.</param>
/// <param name="Failed">Files that could not be read (recorded with the reason), a format of a book that was cataloged from its others included.</param>
/// <param name="Removed">Books marked removed because their file is gone (only after a complete scan).</param>
/// <param name="Bytes">Bytes of the files scanned.</param>
public sealed record LibraryScanReport(PipelineReport Pipeline, int Found, int Unchanged, int PreviouslyFailed, int Cataloged, int Skipped, int Failed, int Removed, long Bytes)
{
    /// <summary>Files found beside the books that describe them (metadata.opf, cover.jpg, calibre's metadata.db): read with the books, not counted in <see cref="Found"/>.</summary>
    public int Sidecars { get; init; }

    /// <summary>Files written within <see cref="LibraryScanOptions.SettleTime"/> of the scan, left with their books for a later scan.</summary>
    public int Unsettled { get; init; }

    /// <summary>True when every file found was cataloged, skipped as known, or skipped as unchanged.</summary>
    public bool AllDone => Failed == 0 && Pipeline.Outcome == PipelineOutcome.Completed;
}
