namespace Bookline.Library.Scanning;

/// <summary>An entry the walk of a library found: a path that may be a book, or a link to a folder it did not follow.</summary>
/// <param name="Path">The entry's full path.</param>
/// <param name="NotFollowed">Why the walk did not go into this link to a folder; null for a possible book.</param>
internal readonly record struct WalkedEntry(string Path, string? NotFollowed)
{
    /// <summary>For a book inside an archive (<see cref="Formats.ArchivePath"/>): its size and the archive's last write time; null for a file on disk.</summary>
    public (long Bytes, DateTimeOffset ModifiedUtc)? Archived { get; init; }
}
