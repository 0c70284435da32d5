namespace Bookline.Library.Formats;

/// <summary>
/// What must be true of a path before a reader opens it: a regular file (or a link to one), with a
/// name this system can open, and within its format's size limit. Anything else fails with a reason
/// that names what the path is.
/// </summary>
internal static class BookFile
{
    private const int BufferSize = 64 * 1024;

    /// <summary>The regular file behind <paramref name="path"/>, following a link.</summary>
    /// <exception cref="BookReadException">The path is not a regular file, or a link to one; the message says what it is.</exception>
    /// <exception cref="NotSupportedException">The path is a link to a folder: not a book, and not followed here.</exception>
    public static FileStatus Regular(string path)
    {
        FileStatus entry = FileStatus.Of(path, followLinks: false);
        if (entry.Kind == FileKind.Missing)
        {
            throw new BookReadException(path.Contains('\uFFFD', StringComparison.Ordinal)
                ? "the file name is not valid UTF-8, so it cannot be opened by that name: rename the file in UTF-8 (for example with convmv)"
                : "the file disappeared before it was read");
        }

        if (entry.Kind != FileKind.Link)
        {
            return entry.Kind == FileKind.Regular ? entry : throw new BookReadException($"{Describe(entry.Kind)}, not a regular file: Bookline reads only regular files");
        }

        string target = new FileInfo(path).LinkTarget ?? "?";
        FileStatus final = FileStatus.Of(path, followLinks: true);
        return final.Kind switch
        {
            FileKind.Regular => final,
            FileKind.Loop => throw new BookReadException($"a link to '{target}' that leads back to itself (a loop of links)"),
            FileKind.Missing => throw new BookReadException($"a link to '{target}', which does not exist"),
            FileKind.Directory => throw new NotSupportedException($"a link to the folder '{target}': links to folders are not followed"),
            _ => throw new BookReadException($"a link to '{target}', {Describe(final.Kind)}, not a regular file: Bookline reads only regular files"),
        };
    }

    /// <summary>Reads a whole file that must not be larger than <paramref name="limit"/> (it may have grown since it was measured).</summary>
    /// <exception cref="BookReadException">The file holds more than the limit.</exception>
    public static byte[] ReadAllBytes(string path, long limit, string what)
    {
        using FileStream stream = Open(path);
        return ReadAllBytes(stream, limit, what);
    }

    /// <summary>The failure a file's open or read is to the librarian, when the file system made it (the file went away, or cannot be opened); null for any other exception.</summary>
    public static BookReadException? Unreadable(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => new BookReadException("the file disappeared before it was read", exception),
        IOException or UnauthorizedAccessException => new BookReadException($"cannot open the file: {exception.Message}", exception),
        _ => null,
    };

    /// <summary>Opens a file to read it once from start to end, others still able to read and write it.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    public static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan);

    /// <summary>Every byte of an open file from its start, failing when it holds more than <paramref name="limit"/>.</summary>
    /// <param name="stream">The open file, seekable.</param>
    /// <param name="limit">The most bytes.</param>
    /// <param name="what">What the file is, for the reason ("text files").</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="BookReadException">The file is over the limit.</exception>
    public static byte[] ReadAllBytes(Stream stream, long limit, string what)
    {
        stream.Position = 0;
        long length = stream.Length;
        if (length > limit)
        {
            throw TooLarge(length, limit, what);
        }

        var bytes = new byte[length];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
        {
            Array.Resize(ref bytes, read); // shrank since it was measured
        }
        else if (stream.ReadByte() >= 0)
        {
            throw TooLarge(length + 1, limit, what); // grew since it was measured
        }

        return bytes;
    }

    /// <summary>The reason for a file over its limit.</summary>
    public static BookReadException TooLarge(long bytes, long limit, string what) =>
        new($"too large to read: {(bytes > limit ? ReadLimits.Size(bytes) : "more than " + ReadLimits.Size(limit))}, over the {ReadLimits.Size(limit)} limit for {what}");

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Directory => "a folder",
        _ => "not a file",
    };
}
