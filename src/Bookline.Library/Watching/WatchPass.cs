using Bookline.Library.Scanning;

namespace Bookline.Library.Watching;

/// <summary>One pass of a watcher: a scan of the library, and why it ran.</summary>
/// <param name="Reason">Why: the first scan, changes seen, files that had not settled, a lost event (the watcher's buffer overflowed), or a poll.</param>
/// <param name="Folders">The folders whose changes it took in (the library's root is ""); empty for the first scan and a poll.</param>
/// <param name="Report">What the scan did.</param>
/// <param name="Lag">From the first change it took in to the end of the pass; zero for the first scan and a poll.</param>
public readonly record struct WatchPass(WatchReason Reason, IReadOnlyList<string> Folders, LibraryScanReport Report, TimeSpan Lag);
