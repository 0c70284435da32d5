namespace Bookline.Library.Scanning;

/// <summary>An entry the walk of a library found: a path that may be a book, or a link to a folder it did not follow.</summary>
/// <param name="Path">The entry's full path.</param>
/// <param name="NotFollowed">Why the walk did not go into this link to a folder; null for a possible book.</param>
internal readonly record struct WalkedEntry(string Path, string? NotFollowed)
{
    /// <summary>
    /// The size and time that stand for the book when they are not its file's own: for a book inside
    /// an archive (<see cref="Formats.ArchivePath"/>), its size and the archive's last write time; for
    /// an HTML book's index page, the size of all its pages and the latest time among them. Null for a
    /// file that is the whole book.
    /// </summary>
    public (long Bytes, DateTimeOffset ModifiedUtc)? Stamp { get; init; }
}
