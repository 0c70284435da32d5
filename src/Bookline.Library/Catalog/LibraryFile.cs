using Bookline.Library.Formats;

namespace Bookline.Library.Catalog;

/// <summary>
/// A catalog path made a file on this machine, only when it is a regular file whose every link
/// resolves inside the library: a path with "..", an absolute one, or one through a link that points
/// out is no file at all, whatever the catalog says.
/// </summary>
public static class LibraryFile
{
    /// <summary>The real path of the catalog path inside the library, or null when it is not a regular file inside it.</summary>
    /// <param name="libraryRoot">The library folder.</param>
    /// <param name="relativePath">A path as the catalog holds it, relative to the library.</param>
    /// <returns>The file's real path (every link resolved), or null.</returns>
    public static string? Resolve(string libraryRoot, string relativePath)
    {
        if (relativePath.Length == 0 || relativePath.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(relativePath)
            || relativePath.Split('/', '\\').Any(part => part is ".." or "."))
        {
            return null;
        }

        string? root = FileStatus.RealPath(libraryRoot);
        string? real = FileStatus.RealPath(Path.Combine(libraryRoot, relativePath));
        if (root is null || real is null || !real.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return FileStatus.Of(real, followLinks: false).Kind == FileKind.Regular ? real : null;
    }
}
