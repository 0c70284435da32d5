using System.Collections.Concurrent;

namespace Bookline.Library.Scanning;

/// <summary>
/// Recognises the files beside books that describe them (metadata, covers, calibre's database) and
/// finds, for a book file, the sidecars that apply to it. A folder's listing is read once.
/// </summary>
internal sealed class Sidecars
{
    private static readonly string[] CoverExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp"];

    /// <summary>calibre's files at a library's root; a SQLite database's -wal, -shm and -journal files go with it.</summary>
    private static readonly string[] CalibreFiles = ["metadata.db", "metadata_db_prefs_backup.json", "full-text-search.db"];

    /// <summary>The folder in a calibre book folder where calibre keeps the book's extra files.</summary>
    private const string ExtraFilesFolder = "data";

    private readonly string _root;
    private readonly Func<string, bool> _knownBookFolder;
    private readonly ConcurrentDictionary<string, FolderSidecars> _folders = new(StringComparer.Ordinal);

    /// <param name="root">The library folder, full path.</param>
    /// <param name="knownBookFolder">Tells a book folder the library's own database lists (a full path), whether or not it holds a metadata.opf.</param>
    public Sidecars(string root, Func<string, bool>? knownBookFolder = null)
    {
        _root = root;
        _knownBookFolder = knownBookFolder ?? (_ => false);
    }

    /// <summary>True when the folder is a calibre library: its <c>metadata.db</c> is a SQLite database.</summary>
    /// <param name="root">The library folder.</param>
    /// <returns>Whether calibre made it.</returns>
    public static bool IsCalibreLibrary(string root)
    {
        string database = Path.Combine(root, "metadata.db");
        try
        {
            using FileStream stream = File.OpenRead(database);
            Span<byte> header = stackalloc byte[16];
            return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                && header.SequenceEqual("SQLite format 3\0"u8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The name the catalog gives a kind of sidecar: metadata, cover or calibre.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string NameOf(SidecarKind kind) => kind switch
    {
        SidecarKind.Metadata => "metadata",
        SidecarKind.Cover => "cover",
        SidecarKind.ExtraFile => "extra",
        _ => "calibre",
    };

    /// <summary>What kind of sidecar a file is, or null for a possible book.</summary>
    /// <param name="path">The file's full path.</param>
    /// <returns>The kind, or null.</returns>
    public SidecarKind? KindOf(string path)
    {
        string name = Path.GetFileName(path);
        string extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension == ".opf")
        {
            return SidecarKind.Metadata;
        }

        if (Path.GetFileNameWithoutExtension(name).Equals("cover", StringComparison.OrdinalIgnoreCase) && CoverExtensions.Contains(extension))
        {
            return SidecarKind.Cover;
        }

        if (string.Equals(Path.GetDirectoryName(path), _root, StringComparison.Ordinal)
            && CalibreFiles.Any(f => name.Equals(f, StringComparison.OrdinalIgnoreCase)
                || (name.StartsWith(f, StringComparison.OrdinalIgnoreCase) && name[f.Length..].ToLowerInvariant() is "-wal" or "-shm" or "-journal")))
        {
            return SidecarKind.CalibreLibrary;
        }

        return IsExtraFile(path) ? SidecarKind.ExtraFile : null;
    }

    /// <summary>True for a file anywhere under a <c>data/</c> folder of a book folder: one of the book's extra files.</summary>
    private bool IsExtraFile(string path)
    {
        string? folder = Path.GetDirectoryName(path);
        while (folder is not null && folder.Length > _root.Length)
        {
            if (Path.GetFileName(folder).Equals(ExtraFilesFolder, StringComparison.Ordinal)
                && Path.GetDirectoryName(folder) is { } book && book.Length > _root.Length && IsBookFolder(book))
            {
                return true;
            }

            folder = Path.GetDirectoryName(folder);
        }

        return false;
    }

    /// <summary>
    /// The metadata document and cover that apply to a book file: <c>Title.opf</c> beside <c>Title.epub</c>
    /// first, else the folder's <c>metadata.opf</c>; the folder's <c>cover.*</c>.
    /// </summary>
    /// <param name="bookPath">The book file's full path.</param>
    /// <returns>Full paths, or null where there is none.</returns>
    public (string? Metadata, string? Cover) For(string bookPath)
    {
        string folder = Path.GetDirectoryName(bookPath) ?? _root;
        FolderSidecars sidecars = _folders.GetOrAdd(folder, Read);
        string stem = Path.GetFileNameWithoutExtension(bookPath);
        string? metadata = sidecars.Documents.FirstOrDefault(d => Path.GetFileNameWithoutExtension(d).Equals(stem, StringComparison.OrdinalIgnoreCase))
            ?? sidecars.Documents.FirstOrDefault(d => Path.GetFileName(d).Equals("metadata.opf", StringComparison.OrdinalIgnoreCase));
        return (metadata, sidecars.Cover);
    }

    /// <summary>True when the folder holds a <c>metadata.opf</c>, or the library's database lists it: a calibre book folder, all of whose files are one book.</summary>
    /// <param name="folder">The folder, full path.</param>
    /// <returns>Whether it is a book folder.</returns>
    public bool IsBookFolder(string folder) =>
        _knownBookFolder(folder) || _folders.GetOrAdd(folder, Read).Documents.Any(d => Path.GetFileName(d).Equals("metadata.opf", StringComparison.OrdinalIgnoreCase));

    /// <summary>Forgets a folder's listing once its finder has passed it, so that memory stays flat on a large library.</summary>
    /// <param name="folder">The folder.</param>
    public void Forget(string folder) => _folders.TryRemove(folder, out _);

    private static FolderSidecars Read(string folder)
    {
        try
        {
            string[] files = [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)];
            return new FolderSidecars(
                [.. files.Where(f => Path.GetExtension(f).Equals(".opf", StringComparison.OrdinalIgnoreCase))],
                files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).Equals("cover", StringComparison.OrdinalIgnoreCase)
                    && CoverExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new FolderSidecars([], null);
        }
    }

    private sealed record FolderSidecars(string[] Documents, string? Cover);
}
