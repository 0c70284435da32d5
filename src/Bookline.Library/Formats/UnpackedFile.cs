namespace Bookline.Library.Formats;

/// <summary>
/// A file taken out of a compressed stream or an archive, written under its own name in a private
/// temporary folder so that readers which hand the file to a tool (djvutxt, tesseract) can, and
/// deleted with that folder when disposed. Its size is bounded while it is written.
/// </summary>
internal sealed class UnpackedFile : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly string _folder;

    private UnpackedFile(string folder, string path, FileStream content)
    {
        _folder = folder;
        Path = path;
        Content = content;
    }

    /// <summary>Where the file is, named as it was in its archive.</summary>
    public string Path { get; }

    /// <summary>The file, open for reading from its start.</summary>
    public FileStream Content { get; }

    /// <summary>
    /// Copies <paramref name="source"/> into a new file named <paramref name="name"/>, failing when it
    /// unpacks to more than <paramref name="limit"/> bytes, or to more than
    /// <see cref="ReadLimits.MaxCompressionRatio"/> times <paramref name="packedSize"/> once past
    /// <see cref="ReadLimits.MaxEntryBytes"/> (a decompression bomb).
    /// </summary>
    /// <param name="source">The unpacking stream.</param>
    /// <param name="name">The file's name inside the archive (only its last part is used).</param>
    /// <param name="packedSize">How many bytes the file takes packed, for the ratio.</param>
    /// <param name="limit">The most bytes it may unpack to.</param>
    /// <param name="limits">The read limits (for the ratio).</param>
    /// <param name="what">What holds it, for the reasons: "the gzip stream", "the archive".</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The unpacked file.</returns>
    /// <exception cref="BookReadException">A limit was passed, or the packed data is damaged.</exception>
    public static UnpackedFile Write(Stream source, string name, long packedSize, long limit, ReadLimits limits, string what, CancellationToken cancellationToken)
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bookline-unpack-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string safeName = SafeName(name);
        string path = System.IO.Path.Combine(folder, safeName);
        FileStream? content = null;
        try
        {
            content = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, BufferSize);
            long ratioLimit = Math.Max(limits.MaxEntryBytes, packedSize * (long)limits.MaxCompressionRatio);
            byte[] buffer = new byte[BufferSize];
            long written = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n;
                try
                {
                    n = source.Read(buffer);
                }
                catch (Exception exception) when (exception is not BookReadException and not OperationCanceledException and not OutOfMemoryException)
                {
                    throw new BookReadException($"{what} is damaged: {exception.Message}", exception);
                }

                if (n == 0)
                {
                    break;
                }

                written += n;
                if (written > limit)
                {
                    throw new BookReadException($"'{safeName}' in {what} unpacks to more than {ReadLimits.Size(limit)}, the limit for it");
                }

                if (written > ratioLimit)
                {
                    throw new BookReadException(FormattableString.Invariant(
                        $"'{safeName}' in {what} unpacks to more than {limits.MaxCompressionRatio} times its packed size of {ReadLimits.Size(packedSize)} (a decompression bomb?)"));
                }

                content.Write(buffer, 0, n);
            }

            content.Position = 0;
            return new UnpackedFile(folder, path, content);
        }
        catch
        {
            content?.Dispose();
            Delete(folder);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        Delete(_folder);
    }

    /// <summary>The last part of an archive's name for a file, usable as a file name here.</summary>
    private static string SafeName(string name)
    {
        string last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        last = last.Replace('\0', '_');
        return last is "" or "." or ".." ? "unnamed" : last.Length > 200 ? last[^200..] : last;
    }

    private static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temporary folder: the system cleans it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
