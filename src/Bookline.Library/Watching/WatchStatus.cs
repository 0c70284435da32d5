namespace Bookline.Library.Watching;

/// <summary>How a watcher stands, for health checks: whether it runs, its last pass, and the changes waiting.</summary>
/// <param name="Running">Whether it is watching (its first pass done, not stopped, not failed).</param>
/// <param name="LastPassUtc">When its last pass ended; null before the first.</param>
/// <param name="Pending">Folders with changes waiting for the next pass.</param>
/// <param name="OldestPendingUtc">When the oldest of those changes came; null when none waits.</param>
/// <param name="LastError">Why its last pass (or the watcher) failed; null when it did not.</param>
public readonly record struct WatchStatus(bool Running, DateTimeOffset? LastPassUtc, int Pending, DateTimeOffset? OldestPendingUtc, string? LastError);
