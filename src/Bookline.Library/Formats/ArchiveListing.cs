namespace Bookline.Library.Formats;

/// <summary>
/// The books in an archive of books, listed for the walk of a library: each file whose name is a
/// book format's (page images aside: an archive of pictures is not a library), a compressed book
/// (<c>manual.pdf.gz</c>), and the books of archives inside it, to <see cref="ReadLimits.MaxArchiveNesting"/>.
/// Other files (a README, pictures, scripts) are left out.
/// </summary>
internal static class ArchiveListing
{
    /// <summary>The books in an archive, with the sizes its index gives them.</summary>
    /// <param name="archive">The archive on disk.</param>
    /// <param name="limits">Entries, nesting and sizes.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>Each book's path (<see cref="ArchivePath"/>) and size.</returns>
    /// <exception cref="BookReadException">The archive (or one inside it) is damaged, encrypted, or over a limit.</exception>
    public static IReadOnlyList<(string Path, long Bytes)> Books(string archive, ReadLimits limits, CancellationToken cancellationToken)
    {
        BookFile.Regular(archive);
        using FileStream content = BookFile.Open(archive);
        var books = new List<(string, long)>();
        List(content, archive, limits, nesting: 1, books, cancellationToken);
        return books;
    }

    /// <summary>Lists the books of an open archive (and of archives inside it) into <paramref name="books"/>.</summary>
    /// <exception cref="BookReadException">The archive (or one inside it) is damaged, encrypted, or over a limit.</exception>
    internal static void List(Stream content, string path, ReadLimits limits, int nesting, List<(string, long)> books, CancellationToken cancellationToken)
    {
        using BookArchive archive = BookArchive.Open(content, limits, "archive", holdsBooks: true);
        foreach (string name in archive.Names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ArchivePath.IsArchiveOfBooks(name))
            {
                if (nesting >= limits.MaxArchiveNesting)
                {
                    throw new BookReadException(FormattableString.Invariant($"'{name}' is an archive {nesting + 1} archives deep, past the limit of {limits.MaxArchiveNesting}"));
                }

                using UnpackedFile inner = archive.Unpack(name, limits.MaxArchiveBytes, cancellationToken);
                List(inner.Content, ArchivePath.Join(path, name), limits, nesting + 1, books, cancellationToken);
            }
            else if (IsBook(name))
            {
                books.Add((ArchivePath.Join(path, name), archive.SizeOf(name).Size));
            }
        }
    }

    private static bool IsBook(string name)
    {
        string file = Path.GetFileName(name);
        if (file.StartsWith('.') || name.StartsWith("__MACOSX/", StringComparison.Ordinal))
        {
            return false;
        }

        BookFormat format = FormatDetector.FromExtension(CompressedBook.InnerName(file));
        return format is not BookFormat.Unknown and not BookFormat.Image
            || file.EndsWith(".fb2.zip", StringComparison.OrdinalIgnoreCase)
            || file.EndsWith(".htmlz", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".txtz", StringComparison.OrdinalIgnoreCase);
    }
}
