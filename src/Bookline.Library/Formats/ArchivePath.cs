namespace Bookline.Library.Formats;

/// <summary>
/// Paths of books inside archives: <c>shelf/books.zip!/dir/book.epub</c> is the file
/// <c>dir/book.epub</c> in the archive <c>shelf/books.zip</c>, and archives nest
/// (<c>books.zip!/more.7z!/book.pdf</c>). A zip, 7z, RAR or tar file in a library is a folder of
/// books this way: each book file in it is cataloged with such a path.
/// </summary>
public static class ArchivePath
{
    /// <summary>What separates an archive's path from the path of a file inside it.</summary>
    public const string Separator = "!/";

    private static readonly string[] Extensions = [".zip", ".7z", ".rar", ".tar"];

    /// <summary>Whether a file is, by its name, an archive whose files are books (not a book that is a zip, such as .epub or .cbz).</summary>
    /// <param name="name">The file's name or path.</param>
    /// <returns>True for .zip, .7z, .rar and .tar, except a zipped FictionBook (.fb2.zip).</returns>
    public static bool IsArchiveOfBooks(string name) =>
        Extensions.Contains(Path.GetExtension(name).ToLowerInvariant()) && !name.EndsWith(".fb2.zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of a file inside an archive.</summary>
    /// <param name="archive">The archive's path (itself maybe inside another).</param>
    /// <param name="entry">The file's name in the archive.</param>
    /// <returns>The joined path.</returns>
    public static string Join(string archive, string entry) => archive + Separator + entry;

    /// <summary>
    /// Splits a path at the first archive that is a regular file on disk: a folder named
    /// <c>news!</c> is a folder, not an archive, because no file has that name.
    /// </summary>
    /// <param name="path">A path that names no file on disk.</param>
    /// <param name="archive">The archive on disk.</param>
    /// <param name="inside">The path inside it (with further separators when archives nest).</param>
    /// <returns>Whether the path is inside an archive.</returns>
    public static bool TrySplit(string path, out string archive, out string inside)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (int at = path.IndexOf(Separator, StringComparison.Ordinal); at > 0; at = path.IndexOf(Separator, at + 1, StringComparison.Ordinal))
        {
            if (File.Exists(path[..at]))
            {
                archive = path[..at];
                inside = path[(at + Separator.Length)..];
                return inside.Length > 0;
            }
        }

        archive = inside = string.Empty;
        return false;
    }
}
