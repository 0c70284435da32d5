using System.Collections.Concurrent;
using Bookline.Library.Formats.Isolation;

namespace Bookline.Library.Formats;

/// <summary>
/// Detects a file's format and reads it with the matching reader, after checking that it is a
/// regular file within its format's size limit (<see cref="ReadLimits"/>). Given an
/// <see cref="ExtractorStart"/>, it reads PDFs in extraction processes of their own.
/// </summary>
public sealed class BookReader : IDisposable
{
    private readonly Dictionary<BookFormat, IBookReader> _readers;
    private readonly ReadLimits _limits;
    private readonly ExtractorStart? _extractor;
    private readonly ConcurrentBag<ExtractorProcess> _idleExtractors = [];
    private readonly ByteBudget _pdfBytes;
    private volatile bool _disposed;

    /// <summary>Creates a reader for every format Bookline supports, or for the given readers only.</summary>
    /// <param name="readers">The readers to use; null for text, HTML, EPUB, PDF and page images (OCR).</param>
    /// <param name="limits">The most a file may cost to read; null for <see cref="ReadLimits.Default"/>.</param>
    /// <param name="ocrComics">Whether comics' pages are read by OCR (slow: a page takes seconds); otherwise a comic is cataloged by its metadata.</param>
    /// <param name="extractor">
    /// How to start an extraction process (<see cref="ExtractionServer"/>) for PDFs: a PDF whose read
    /// passes its time limit or its memory limit then costs an ended process, not a thread and a heap.
    /// Null to read every format in this process.
    /// </param>
    public BookReader(IEnumerable<IBookReader>? readers = null, ReadLimits? limits = null, bool ocrComics = false, ExtractorStart? extractor = null)
    {
        _limits = limits ?? ReadLimits.Default;
        _limits.Validate();
        extractor?.Validate();
        _extractor = extractor;
        _pdfBytes = new ByteBudget(_limits.MaxPdfBytesAtOnce);
        var ocr = new TesseractOcr();
        _readers = (readers ?? [new TextBookReader(_limits), new HtmlBookReader(), new EpubBookReader(_limits), new PdfBookReader(ocr, _limits) { Parsing = _pdfBytes }, new ImageBookReader(ocr), new MobiBookReader(_limits), new PalmDocBookReader(_limits), new Fb2BookReader(_limits), new DocxBookReader(_limits), new OdtBookReader(_limits), new CalibreZipBookReader(_limits), new RtfBookReader(_limits), new DjvuBookReader(_limits), new ComicBookReader(_limits, ocrComics ? ocr : null), new MarkdownBookReader(_limits), new LrfBookReader(_limits)])
            .ToDictionary(r => r.Format);
    }

    /// <summary>Reads a book file of any supported format.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the read where the format allows it.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file cannot be read (not a regular file, empty, over its limit, damaged); the message says why.</exception>
    /// <exception cref="NotSupportedException">The format is not one Bookline reads (the file is skipped, with this reason).</exception>
    public ExtractedBook Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Path.Exists(path) && ArchivePath.TrySplit(path, out string archive, out string inside))
        {
            BookFile.Regular(archive);
            using FileStream archived = BookFile.Open(archive);
            return ReadArchived(archived, inside, nesting: 1, cancellationToken);
        }

        FileStatus file = BookFile.Regular(path);
        if (file.Size == 0)
        {
            // Nothing to detect a format from: the name says whether it was meant to be a book.
            return FormatDetector.FromExtension(path) == BookFormat.Unknown
                ? throw NotABook(path)
                : throw new BookReadException("empty file");
        }

        // One open for the detection, the read and the hash: the three see the same file, even if the
        // path is replaced meanwhile.
        using FileStream content = BookFile.Open(path);
        ExtractedBook book = Finish(ReadContent(content, path, file.Size, nesting: 0, cancellationToken));

        // The hash comes after the read, so that a file that fails (a sparse giant of zeros named
        // .txt, of which only the start is read) costs nothing to hash.
        content.Position = 0;
        return book with { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)) };
    }

    /// <summary>Reads a book inside an archive (<see cref="ArchivePath"/>): unpacked to a file of its own, then read as any file is.</summary>
    private ExtractedBook ReadArchived(Stream content, string inside, int nesting, CancellationToken cancellationToken)
    {
        using BookArchive archive = BookArchive.Open(content, _limits, "archive", holdsBooks: true);
        (string entry, string? rest) = archive.Resolve(inside) ?? throw new BookReadException($"'{inside}' is no longer in the archive");
        using UnpackedFile unpacked = archive.Unpack(entry, _limits.MaxArchiveBytes, cancellationToken);
        if (rest is not null)
        {
            return nesting >= _limits.MaxArchiveNesting
                ? throw new BookReadException(FormattableString.Invariant($"'{entry}' is an archive {nesting + 1} archives deep, past the limit of {_limits.MaxArchiveNesting}"))
                : ReadArchived(unpacked.Content, rest, nesting + 1, cancellationToken);
        }

        if (unpacked.Content.Length == 0)
        {
            throw new BookReadException("empty file");
        }

        ExtractedBook book = Finish(ReadContent(unpacked.Content, unpacked.Path, unpacked.Content.Length, nesting, cancellationToken));
        unpacked.Content.Position = 0;
        return book with { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(unpacked.Content)) };
    }

    /// <summary>Detects the format of an open file (or of one unpacked from it) and reads it.</summary>
    /// <param name="content">The file, seekable.</param>
    /// <param name="path">Its path, or the path of its unpacked copy (named as inside its archive).</param>
    /// <param name="size">Its size.</param>
    /// <param name="nesting">How many compressions or archives it was inside.</param>
    /// <param name="cancellationToken">Stops the read where the format allows it.</param>
    internal ExtractedBook ReadContent(Stream content, string path, long size, int nesting, CancellationToken cancellationToken)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[FormatDetector.HeadLength];
        head = head[..content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        if (CompressedBook.Kind(head) is { } compression)
        {
            if (nesting >= _limits.MaxArchiveNesting)
            {
                throw new BookReadException(FormattableString.Invariant($"compressed or archived {nesting + 1} times over, past the limit of {_limits.MaxArchiveNesting}"));
            }

            using UnpackedFile inner = CompressedBook.Unpack(content, compression, path, size, _limits, cancellationToken);
            return inner.Content.Length == 0
                ? throw new BookReadException($"the {compression} stream holds an empty file")
                : ReadContent(inner.Content, inner.Path, inner.Content.Length, nesting + 1, cancellationToken);
        }

        BookFormat format = FormatDetector.Detect(path, head);
        if (format == BookFormat.Unknown && BookArchive.Kind(head) is { } archiveKind && ArchivePath.IsArchiveOfBooks(path))
        {
            // An archive of books is read entry by entry (the walk lists them); read as one file it
            // says why it could not be listed (damaged, encrypted, over a limit) or that it holds no book.
            var books = new List<(string, long)>();
            ArchiveListing.List(content, path, _limits, nesting + 1, books, cancellationToken);
            throw new NotSupportedException(books.Count == 0
                ? $"a {archiveKind} archive that holds no book Bookline reads"
                : FormattableString.Invariant($"a {archiveKind} archive of {books.Count} books, each cataloged on its own"));
        }

        if (format == BookFormat.Unknown && BookArchive.Kind(head) is null && ArchivePath.IsArchiveOfBooks(path))
        {
            throw new BookReadException($"named {Path.GetExtension(path).ToLowerInvariant()}, but its content is not an archive (zip, 7z, RAR or tar): it does not start as one does");
        }

        if (format == BookFormat.Unknown && FormatDetector.Unsupported(head) is { } known)
        {
            // A format its bytes name, which Bookline does not read: skipped with that name, whatever the extension says.
            throw new NotSupportedException($"{known}: not a format Bookline reads yet");
        }

        if (format == BookFormat.Unknown && FormatDetector.FromExtension(path) is var promised and not BookFormat.Unknown)
        {
            // Named as a book, but its bytes are not that format's: damaged, or misnamed.
            string expected = promised switch
            {
                BookFormat.Epub => "an EPUB (a zip)",
                BookFormat.Image => "a PNG or TIFF image",
                BookFormat.Mobi or BookFormat.Azw3 => "a Kindle book (a Palm database of type BOOKMOBI)",
                BookFormat.PalmDoc => "a PalmDOC or eReader book (a Palm database of type TEXtREAd or PNRdPPrs)",
                BookFormat.Fb2 => "a FictionBook (XML with a FictionBook root, or a zip of one)",
                BookFormat.Docx => "a Word document (a zip; an encrypted one is not)",
                BookFormat.Odt => "an OpenDocument text (a zip)",
                BookFormat.CalibreZip => "a TXTZ or HTMLZ book (a zip)",
                BookFormat.Rtf => "an RTF document (it starts with {\\rtf)",
                BookFormat.Djvu => "a DjVu document (it starts with AT&TFORM)",
                BookFormat.Comic => "a comic book archive (a zip, RAR or 7z)",
                BookFormat.Lrf => "a Sony BBeB book (it starts with L\\0R\\0F\\0)",
                _ => "a " + promised.ToString().ToUpperInvariant(),
            };
            throw new BookReadException($"named {Path.GetExtension(path).ToLowerInvariant()}, but its content is not {expected}: it does not start as one does");
        }

        if (!_readers.TryGetValue(format, out IBookReader? reader))
        {
            throw NotABook(path);
        }

        if (_limits.FileLimit(format) is { } limit && size > limit)
        {
            throw BookFile.TooLarge(size, limit, FormatName(format));
        }

        if (_extractor is not null && format == BookFormat.Pdf)
        {
            return ReadIsolated(format, path, size, cancellationToken);
        }

        content.Position = 0;
        return reader.Read(content, path, cancellationToken);
    }

    /// <summary>Reads a file of a known format by that format's reader alone, in this process: what an extraction process does for each request.</summary>
    internal ExtractedBook ReadAs(BookFormat format, string path, CancellationToken cancellationToken)
    {
        IBookReader reader = _readers.TryGetValue(format, out IBookReader? found) ? found : throw NotABook(path);
        using FileStream content = BookFile.Open(path);
        return reader.Read(content, path, cancellationToken);
    }

    /// <summary>
    /// Reads a file in an extraction process: an idle one, or a new one. Cancelling ends the process
    /// (that is how a read that hangs is stopped); a process that ended is replaced by the next read.
    /// The bytes of PDF parsed at once are shared among the processes as among threads.
    /// </summary>
    private ExtractedBook ReadIsolated(BookFormat format, string path, long size, CancellationToken cancellationToken)
    {
        using ByteBudget.Lease lease = _pdfBytes.Take(size, cancellationToken);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ExtractorProcess? process = null;
        while (process is null && _idleExtractors.TryTake(out ExtractorProcess? idle))
        {
            if (idle.Usable)
            {
                process = idle;
            }
            else
            {
                idle.Dispose();
            }
        }

        process ??= ExtractorProcess.Start(_extractor!);
        try
        {
            var request = new ExtractionProtocol.Request(Path.GetFullPath(path), format, _limits);
            try
            {
                return process.Read(request, cancellationToken);
            }
            catch (ExtractorInterruptedException)
            {
                // Stopped by a signal meant for the session, not by its file: once more, in a new process.
                process.Dispose();
                process = ExtractorProcess.Start(_extractor!);
                try
                {
                    return process.Read(request, cancellationToken);
                }
                catch (ExtractorInterruptedException again)
                {
                    throw new BookReadException(again.Message, again);
                }
            }
        }
        finally
        {
            if (process.Usable && !_disposed)
            {
                _idleExtractors.Add(process);
                if (_disposed)
                {
                    EndIdleExtractors(); // Dispose ran meanwhile and may have missed it
                }
            }
            else
            {
                process.Dispose();
            }
        }
    }

    /// <summary>Ends the extraction processes (an idle one ends by itself once its input closes).</summary>
    public void Dispose()
    {
        _disposed = true;
        EndIdleExtractors();
    }

    private void EndIdleExtractors()
    {
        while (_idleExtractors.TryTake(out ExtractorProcess? process))
        {
            process.Dispose();
        }
    }

    /// <summary>The text as search should see it (<see cref="TextNormalizer.Fold"/>), cut to <see cref="ReadLimits.MaxTextCharacters"/>.</summary>
    private ExtractedBook Finish(ExtractedBook book)
    {
        string text = TextNormalizer.Fold(book.Text);
        int limit = _limits.MaxTextCharacters;
        if (text.Length <= limit)
        {
            return ReferenceEquals(text, book.Text) ? book : book with { Text = text };
        }

        // Cut before the word the limit falls in, so that no half word is indexed.
        int cut = text.AsSpan(0, limit + 1).LastIndexOfAny(' ', '\n');
        cut = cut > limit / 2 ? cut : limit;
        string warning = FormattableString.Invariant($"text cut at {cut:N0} characters of {text.Length:N0} (the limit for one book)");
        return book with { Text = text[..cut], Warnings = [.. book.Warnings, warning] };
    }

    /// <summary>How a format is named in a reason: "text files", "EPUB files".</summary>
    internal static string FormatName(BookFormat format) => format switch
    {
        BookFormat.Text => "text files",
        BookFormat.Html => "HTML pages",
        BookFormat.Image => "page images",
        BookFormat.Mobi or BookFormat.Azw3 => "Kindle books",
        BookFormat.PalmDoc => "PalmDOC books",
        BookFormat.Fb2 => "FictionBook files",
        BookFormat.Docx => "Word documents",
        BookFormat.Odt => "OpenDocument texts",
        BookFormat.CalibreZip or BookFormat.Txtz or BookFormat.Htmlz => "TXTZ and HTMLZ books",
        BookFormat.Rtf => "RTF documents",
        BookFormat.Djvu => "DjVu documents",
        BookFormat.Comic => "comic book archives",
        BookFormat.Markdown => "Markdown documents",
        BookFormat.Lrf => "LRF books",
        _ => format.ToString().ToUpperInvariant() + " files",
    };

    private static NotSupportedException NotABook(string path) =>
        new($"not a book format Bookline reads ({Path.GetExtension(path).ToLowerInvariant() switch { "" => "no extension", var e => e }})");
}
