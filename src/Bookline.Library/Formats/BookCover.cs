using System.ComponentModel;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Bookline.Library.Catalog;
using Bookline.Library.Formats.Palm;

namespace Bookline.Library.Formats;

/// <summary>
/// The bytes of a cataloged book's cover, read from where the scan found it: a cover file beside the
/// book (calibre's <c>cover.jpg</c>), an image inside the book (<c>book.epub!/OEBPS/cover.jpg</c>, a
/// comic's first page, a MOBI/AZW3 image record, an FB2 binary), or, for a PDF, its first page drawn
/// by poppler's <c>pdftoppm</c> where it is installed. Every read is held to the limits, and no path
/// outside the library is opened.
/// </summary>
public static class BookCover
{
    private const string PdfToPpm = "pdftoppm";

    // Looked up on the PATH, not run: the first page of a grid asks for many books at once, and must not wait on a process.
    private static readonly Lazy<bool> CanDrawPdfPages = new(() => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(folder => File.Exists(Path.Combine(folder, PdfToPpm))));

    static BookCover() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Whether a cover can be looked for: the scan found one, or the book is a PDF and pdftoppm can draw its first page.</summary>
    /// <param name="book">The cataloged book.</param>
    /// <returns>True when <see cref="Read"/> may find an image.</returns>
    public static bool MayHave(CatalogBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.Cover is not null || (IsPdf(book.Path) && !book.Path.Contains(ArchivePath.Separator, StringComparison.Ordinal) && CanDrawPdfPages.Value);
    }

    /// <summary>The cover's encoded image (JPEG, PNG, GIF or whatever the book holds), or null when the book has none that can be read.</summary>
    /// <param name="libraryRoot">The library folder the catalog was scanned from.</param>
    /// <param name="book">The cataloged book.</param>
    /// <param name="limits">The most bytes read and unpacked; null for <see cref="ReadLimits.Default"/>.</param>
    /// <param name="cancellationToken">Stops the read (and ends pdftoppm).</param>
    /// <returns>The image's bytes, at most <see cref="ReadLimits.MaxEntryBytes"/> long, or null.</returns>
    public static byte[]? Read(string libraryRoot, CatalogBook book, ReadLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(libraryRoot);
        ArgumentNullException.ThrowIfNull(book);
        limits ??= ReadLimits.Default;
        try
        {
            if (book.Cover is null)
            {
                return IsPdf(book.Path) && CanDrawPdfPages.Value && LibraryFile.Resolve(libraryRoot, book.Path) is { } pdf
                    ? FirstPdfPage(pdf, limits, cancellationToken)
                    : null;
            }

            int at = book.Cover.LastIndexOf(ArchivePath.Separator, StringComparison.Ordinal);
            if (at < 0)
            {
                return LibraryFile.Resolve(libraryRoot, book.Cover) is { } file ? ReadFile(file, limits) : null;
            }

            string container = book.Cover[..at];
            string inside = book.Cover[(at + ArchivePath.Separator.Length)..];
            using Stream? content = Open(libraryRoot, container, limits);
            return content is null ? null : Inside(content, container, inside, limits, cancellationToken);
        }
        catch (Exception exception) when (exception is BookReadException or IOException or UnauthorizedAccessException or InvalidDataException or XmlException or FormatException)
        {
            return null; // a cover that cannot be read is no cover: the book is still served
        }
    }

    /// <summary>The book file holding the cover, opened from disk or unpacked from the archive it is in.</summary>
    private static Stream? Open(string libraryRoot, string path, ReadLimits limits)
    {
        if (LibraryFile.Resolve(libraryRoot, path) is { } file)
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        // A book inside an archive of books: its bytes are unpacked into memory, within the limits.
        return ArchiveMember.Read(libraryRoot, path, limits) is { } bytes ? new MemoryStream(bytes, writable: false) : null;
    }

    private static byte[]? Inside(Stream content, string container, string inside, ReadLimits limits, CancellationToken cancellationToken)
    {
        string name = container.ToLowerInvariant();
        if (name.EndsWith(".fb2", StringComparison.Ordinal) || name.EndsWith(".fb2.zip", StringComparison.Ordinal))
        {
            return inside.StartsWith('#') ? Fb2Binary(content, inside[1..], limits, cancellationToken) : null;
        }

        // The MOBI reader names an image record so; a book that is an archive (EPUB, comic) names an entry.
        if (inside.StartsWith("record", StringComparison.Ordinal) && BookArchive.Kind(Head(content, 512)) is null)
        {
            return MobiRecord(content, inside, limits);
        }

        using BookArchive archive = BookArchive.Open(content, limits, "book");
        return archive.Names.Contains(inside, StringComparer.Ordinal) ? Bounded(archive.Open(inside), limits.MaxEntryBytes) : null;
    }

    /// <summary>A MOBI/AZW3 image record, named <c>record{n}.{ext}</c> by the reader.</summary>
    private static byte[]? MobiRecord(Stream content, string inside, ReadLimits limits)
    {
        string number = Path.GetFileNameWithoutExtension(inside)["record".Length..];
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || content.Length > limits.MaxLoadedBookBytes)
        {
            return null;
        }

        var memory = new MemoryStream();
        content.CopyTo(memory);
        PalmDatabase database = PalmDatabase.Parse(memory.ToArray());
        return database.Has(index) ? database.Record(index).ToArray() : null;
    }

    /// <summary>An FB2 binary element's image, by id, streamed: only that element's text is decoded.</summary>
    private static byte[]? Fb2Binary(Stream content, string id, ReadLimits limits, CancellationToken cancellationToken)
    {
        Stream xmlStream = content;
        ZipArchive? zip = null;
        if (Head(content, 4).AsSpan().SequenceEqual("PK\x03\x04"u8))
        {
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            ZipArchiveEntry? entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".fb2", StringComparison.OrdinalIgnoreCase)) ?? zip.Entries.FirstOrDefault(e => e.Length > 0);
            if (entry is null)
            {
                zip.Dispose();
                return null;
            }

            xmlStream = new UnpackBudget(limits).Open(entry);
        }

        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                IgnoreComments = true,
                MaxCharactersInDocument = limits.MaxArchiveBytes,
            };
            using XmlReader xml = XmlReader.Create(xmlStream, settings);
            while (xml.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "binary" && xml.GetAttribute("id") == id)
                {
                    string base64 = xml.ReadElementContentAsString();
                    return base64.Length > limits.MaxEntryBytes * 4 / 3 + 4 ? null : Convert.FromBase64String(base64);
                }
            }

            return null;
        }
        finally
        {
            if (zip is not null)
            {
                xmlStream.Dispose();
                zip.Dispose();
            }
        }
    }

    /// <summary>A PDF's first page, drawn by pdftoppm as a JPEG 600 pixels high, in a folder of its own that is removed after.</summary>
    private static byte[]? FirstPdfPage(string pdf, ReadLimits limits, CancellationToken cancellationToken)
    {
        string folder = Directory.CreateTempSubdirectory("bookline-cover-").FullName;
        try
        {
            string output = Path.Combine(folder, "page");
            ToolProcess.Result result;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30)); // a page that takes longer is not worth the wait
                result = ToolProcess.Run(PdfToPpm, ["-f", "1", "-l", "1", "-singlefile", "-jpeg", "-scale-to-y", "600", "-scale-to-x", "-1", pdf, output], 1 << 16, timeout.Token, ownSession: false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Win32Exception)
            {
                return null;
            }

            string page = output + ".jpg";
            return result.ExitCode == 0 && File.Exists(page) ? ReadFile(page, limits) : null;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[]? ReadFile(string path, ReadLimits limits)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Bounded(stream, limits.MaxEntryBytes);
    }

    /// <summary>The stream's bytes, or null when it holds more than the limit (an image that large is no cover).</summary>
    private static byte[]? Bounded(Stream stream, long limit)
    {
        using (stream)
        {
            var memory = new MemoryStream();
            return CopyAtMost(stream, memory, limit) ? memory.ToArray() : null;
        }
    }

    /// <summary>Copies the stream into the target; false, having stopped, as soon as it holds more than the limit.</summary>
    internal static bool CopyAtMost(Stream source, Stream target, long limit)
    {
        byte[] buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return false;
            }

            target.Write(buffer, 0, read);
        }

        return true;
    }

    private static byte[] Head(Stream content, int count)
    {
        content.Position = 0;
        byte[] head = new byte[count];
        head = head[..content.ReadAtLeast(head, count, throwOnEndOfStream: false)];
        content.Position = 0;
        return head;
    }

    private static bool IsPdf(string path) => path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);
}
