namespace Bookline.Library.Watching;

/// <summary>Why a watcher scanned.</summary>
public enum WatchReason
{
    /// <summary>The scan that catches up with what changed while nothing watched.</summary>
    Start,

    /// <summary>Files or folders changed.</summary>
    Changes,

    /// <summary>Files that were still being written at the last pass.</summary>
    Unsettled,

    /// <summary>The file-system watcher lost events (its buffer overflowed, or a watched folder was replaced): the whole library is compared.</summary>
    Overflow,

    /// <summary>A poll.</summary>
    Poll,
}
