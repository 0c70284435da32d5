using System.IO.Compression;
using System.Xml;
using SharpCompress.Archives;
using SharpCompress.Readers;

namespace Bookline.Library.Formats;

/// <summary>
/// An archive of any kind a library holds (zip, RAR, 7z, tar): the names of its files, counted
/// against <see cref="ReadLimits.MaxArchiveEntries"/>, and each file unpacked through one
/// <see cref="UnpackBudget"/>. Zips are opened by .NET's own reader, the others by SharpCompress.
/// </summary>
internal sealed class BookArchive : IDisposable
{
    private static readonly byte[] SevenZip = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C];

    private readonly BookZip? _zip;
    private readonly IArchive? _other;
    private readonly Dictionary<string, object> _entries;
    /// <summary>The budget of an archive read by SharpCompress (a zip's is its <see cref="BookZip"/>'s).</summary>
    private readonly UnpackBudget _budget;
    private readonly ReadLimits _limits;

    private BookArchive(BookZip? zip, IArchive? other, Dictionary<string, object> entries, ReadLimits limits, ReadLimits budget)
    {
        _zip = zip;
        _other = other;
        _entries = entries;
        _limits = limits;
        _budget = new UnpackBudget(budget);
    }

    /// <summary>The archive kind a file's first bytes name ("zip", "RAR", "7z", "tar"), or null.</summary>
    public static string? Kind(ReadOnlySpan<byte> head) =>
        head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8) ? "zip"
        : head.StartsWith("Rar!\x1A\x07"u8) ? "RAR"
        : head.StartsWith(SevenZip) ? "7z"
        : head.Length > 262 && head[257..262].SequenceEqual("ustar"u8) ? "tar"
        : null;

    /// <summary>The names of the archive's files (not its folders), in the archive's order.</summary>
    public IReadOnlyList<string> Names { get; private init; } = [];

    /// <summary>Opens an archive.</summary>
    /// <param name="content">The archive, seekable; left open.</param>
    /// <param name="limits">Entries and unpacked bytes.</param>
    /// <param name="what">What the archive is, for the reasons ("comic book archive").</param>
    /// <param name="holdsBooks">
    /// True for an archive of whole books, each of which may unpack to <see cref="ReadLimits.MaxArchiveBytes"/>;
    /// false for a book that is an archive, whose parts are held to <see cref="ReadLimits.MaxEntryBytes"/>
    /// each and <see cref="ReadLimits.MaxUnpackedBytes"/> together.
    /// </param>
    /// <exception cref="BookReadException">It is damaged, encrypted, or lists more entries than the limit.</exception>
    public static BookArchive Open(Stream content, ReadLimits limits, string what, bool holdsBooks = false)
    {
        ReadLimits budget = holdsBooks ? limits.ForArchiveOfBooks() : limits;
        content.Position = 0;
        Span<byte> head = stackalloc byte[512];
        head = head[..content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        string? kind = Kind(head);
        content.Position = 0;
        if (kind is null or "zip")
        {
            BookZip zip = BookZip.Open(content, budget, what);
            var entries = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                entries.TryAdd(entry.FullName, entry);
            }

            return new BookArchive(zip, null, entries, limits, budget) { Names = [.. entries.Keys] };
        }

        IArchive archive;
        try
        {
            archive = ArchiveFactory.OpenArchive(content, new ReaderOptions { LeaveStreamOpen = true });
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new BookReadException($"{what} that is a damaged {kind} archive: {exception.Message}", exception);
        }

        try
        {
            var entries = new Dictionary<string, object>(StringComparer.Ordinal);
            int count = 0;
            foreach (IArchiveEntry entry in archive.Entries)
            {
                if (++count > limits.MaxArchiveEntries)
                {
                    throw TooMany(what, count, limits);
                }

                if (!entry.IsDirectory && entry.Key is { Length: > 0 } key)
                {
                    if (entry.IsEncrypted)
                    {
                        throw new BookReadException($"{what} whose files are encrypted: it needs a password");
                    }

                    entries.TryAdd(key.Replace('\\', '/'), entry);
                }
            }

            return new BookArchive(null, archive, entries, limits, budget) { Names = [.. entries.Keys] };
        }
        catch (Exception exception) when (exception is not BookReadException and not OperationCanceledException and not OutOfMemoryException)
        {
            archive.Dispose();
            throw new BookReadException($"{what} that is a damaged {kind} archive: {exception.Message}", exception);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>The size a file says it unpacks to, and the bytes it takes packed (0 where the archive does not say).</summary>
    public (long Size, long Packed) SizeOf(string name) => _entries[name] switch
    {
        ZipArchiveEntry zip => (zip.Length, zip.CompressedLength),
        IArchiveEntry other => (other.Size, other.CompressedSize),
        _ => (0, 0),
    };

    /// <summary>
    /// The file a path inside the archive names, and the path left inside that file when it is an
    /// archive itself (<c>inner.zip!/book.epub</c>); null when the archive holds no such file.
    /// </summary>
    public (string Entry, string? Inside)? Resolve(string path)
    {
        if (_entries.ContainsKey(path))
        {
            return (path, null);
        }

        for (int at = path.IndexOf(ArchivePath.Separator, StringComparison.Ordinal); at > 0; at = path.IndexOf(ArchivePath.Separator, at + 1, StringComparison.Ordinal))
        {
            if (_entries.ContainsKey(path[..at]))
            {
                return (path[..at], path[(at + ArchivePath.Separator.Length)..]);
            }
        }

        return null;
    }

    /// <summary>A file's bytes as a stream, within the budget.</summary>
    /// <exception cref="BookReadException">The file is damaged.</exception>
    public Stream Open(string name)
    {
        object entry = _entries[name];
        try
        {
            return entry is ZipArchiveEntry zip ? _zip!.Open(zip) : _budget.Open(((IArchiveEntry)entry).OpenEntryStream(), name);
        }
        catch (Exception exception) when (exception is not BookReadException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new BookReadException($"'{name}' in the archive is damaged: {exception.Message}", exception);
        }
    }

    /// <summary>A file's bytes, unpacked into a file of their own under their name (for another reader or a tool), within the limits.</summary>
    public UnpackedFile Unpack(string name, long limit, CancellationToken cancellationToken)
    {
        using Stream stream = Open(name);
        return UnpackedFile.Write(stream, name, Math.Max(1, SizeOf(name).Packed), limit, _limits, "the archive", cancellationToken);
    }

    /// <summary>An XML reader over a file, within the budget: no DTD, no resolver.</summary>
    public XmlReader Xml(string name) => _entries[name] is ZipArchiveEntry zip ? _zip!.Xml(zip) : BookZip.Xml(Open(name), _limits);

    /// <inheritdoc />
    public void Dispose()
    {
        _zip?.Dispose();
        _other?.Dispose();
    }

    private static BookReadException TooMany(string what, int count, ReadLimits limits) =>
        new(FormattableString.Invariant($"the {what} lists {count} entries, over the limit of {limits.MaxArchiveEntries}"));
}
