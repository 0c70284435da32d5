using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;

namespace Bookline.Web.Covers;

/// <summary>
/// Covers as served: read from the book (<see cref="BookCover"/>), resized once, and kept on disk under
/// a name made from the book's content hash, its cover's place and that file's size and time; a change
/// to any of them is a new name, so a kept image is never stale and never needs to be checked. A book
/// whose cover cannot be read gets the placeholder, and the miss is kept too (a PDF is not drawn again
/// on every request). At most two covers are made at once in the process, and one cover asked for by many requests is made once.
/// </summary>
internal sealed class CoverStore
{
    private readonly string? _libraryRoot;
    private readonly string? _folder;
    private static readonly SemaphoreSlim Making = new(2); // for the process: covers are made in the background of pages
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]?>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int Hue, CoverSize Size), byte[]> _placeholders = new();

    public CoverStore(string? libraryRoot, string? folder)
    {
        _libraryRoot = libraryRoot;
        _folder = folder;
    }

    /// <summary>Whether covers are read at all: only when the library folder is known; otherwise every book gets the placeholder.</summary>
    public bool Serves => _libraryRoot is not null;

    /// <summary>The cache folder used when none is given: $XDG_CACHE_HOME/bookline/covers, else ~/.cache/bookline/covers.</summary>
    public static string DefaultFolder =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
                ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "bookline",
            "covers");

    /// <summary>
    /// The cover's version, put in its URL so a browser may keep it for a year: it changes with the book's
    /// content, its cover's place, or (for a cover file beside the book) that file's size and time.
    /// </summary>
    public string Version(CatalogBook book)
    {
        string stamp = string.Empty;
        if (_libraryRoot is not null && book.Cover is { } cover && !cover.Contains(ArchivePath.Separator, StringComparison.Ordinal)
            && LibraryFile.Resolve(_libraryRoot, cover) is { } file)
        {
            var info = new FileInfo(file);
            stamp = string.Create(CultureInfo.InvariantCulture, $"{info.Length}-{info.LastWriteTimeUtc.Ticks}");
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{book.Sha256}|{book.Path}|{book.Cover}|{stamp}|{_libraryRoot is not null}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>The book's cover at a size, or its placeholder.</summary>
    public async Task<CoverImage> GetAsync(CatalogBook book, CoverSize size, CancellationToken cancellationToken)
    {
        string version = Version(book);
        string key = version + (size == CoverSize.Thumbnail ? "-t" : "-f");
        if (_libraryRoot is not null && BookCover.MayHave(book))
        {
            Lazy<Task<byte[]?>> making = _inFlight.GetOrAdd(key, k => new Lazy<Task<byte[]?>>(() => MakeAsync(k, book, size)));
            byte[]? made;
            try
            {
                // The making is not cancelled with one request: others may wait for it, and it is kept for the next.
                made = await making.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (making.IsValueCreated && making.Value.IsCompleted)
                {
                    _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]?>>>(key, making));
                }
            }

            if (made is not null)
            {
                return new CoverImage(made, "image/jpeg", $"\"{key}\"", IsPlaceholder: false);
            }
        }

        int hue = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(book.Title)), 0) % 12);
        byte[] placeholder = _placeholders.GetOrAdd((hue, size), static k => CoverPictures.Placeholder(k.Hue, k.Size));
        return new CoverImage(placeholder, "image/png", $"\"{key}-p{hue}\"", IsPlaceholder: true);
    }

    private async Task<byte[]?> MakeAsync(string key, CatalogBook book, CoverSize size)
    {
        string? path = _folder is null ? null : Path.Combine(_folder, key[..2], key + ".jpg");
        string? none = path is null ? null : Path.ChangeExtension(path, ".none");
        if (path is not null && File.Exists(path))
        {
            return await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }

        if (none is not null && File.Exists(none))
        {
            return null;
        }

        await Making.WaitAsync().ConfigureAwait(false);
        try
        {
            byte[]? made = await Task.Run(() => BookCover.Read(_libraryRoot!, book) is { } original ? CoverPictures.Resize(original, size) : null).ConfigureAwait(false);
            if (path is not null)
            {
                Keep(path, none!, made);
            }

            return made;
        }
        finally
        {
            Making.Release();
        }
    }

    /// <summary>Writes the image (or the mark that there is none) through a temporary file, so a reader never sees half of it; a folder that cannot be written only costs the cache.</summary>
    private static void Keep(string path, string none, byte[]? made)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string target = made is null ? none : path;
            string temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, made ?? []);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // served without keeping it
        }
    }
}
