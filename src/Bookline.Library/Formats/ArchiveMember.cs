using System.Xml;
using Bookline.Library.Catalog;

namespace Bookline.Library.Formats;

/// <summary>
/// A book cataloged from inside an archive of books (<c>shelf/books.zip!/dir/book.epub</c>, nested up to
/// <see cref="ReadLimits.MaxArchiveNesting"/> deep), read back whole from the archive in the library, within the limits.
/// </summary>
public static class ArchiveMember
{
    /// <summary>The bytes of the file a path inside an archive names, or null when there is no such file, or it is larger than the limits allow.</summary>
    /// <param name="libraryRoot">The library folder.</param>
    /// <param name="path">The catalog's path: an archive in the library, <see cref="ArchivePath.Separator"/>, and the path inside it.</param>
    /// <param name="limits">The most bytes unpacked (<see cref="ReadLimits.MaxLoadedBookBytes"/> for the file) and the deepest nesting; null for the defaults.</param>
    /// <returns>The file's bytes, or null.</returns>
    public static byte[]? Read(string libraryRoot, string path, ReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(libraryRoot);
        ArgumentNullException.ThrowIfNull(path);
        limits ??= ReadLimits.Default;
        int at = path.IndexOf(ArchivePath.Separator, StringComparison.Ordinal);
        if (at <= 0 || LibraryFile.Resolve(libraryRoot, path[..at]) is not { } archiveFile)
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(archiveFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Inside(stream, path[(at + ArchivePath.Separator.Length)..], limits, depth: 1);
        }
        catch (Exception exception) when (exception is BookReadException or IOException or UnauthorizedAccessException or InvalidDataException or XmlException)
        {
            return null; // damaged since the scan, or changed: no such file any more
        }
    }

    private static byte[]? Inside(Stream archiveStream, string inside, ReadLimits limits, int depth)
    {
        using BookArchive archive = BookArchive.Open(archiveStream, limits, "archive of books", holdsBooks: true);
        if (archive.Resolve(inside) is not ({ } entry, var rest))
        {
            return null;
        }

        var memory = new MemoryStream();
        using (Stream member = archive.Open(entry))
        {
            if (!BookCover.CopyAtMost(member, memory, limits.MaxLoadedBookBytes))
            {
                return null;
            }
        }

        if (rest is null)
        {
            return memory.ToArray();
        }

        if (depth >= limits.MaxArchiveNesting)
        {
            return null;
        }

        memory.Position = 0;
        return Inside(memory, rest, limits, depth + 1);
    }
}
