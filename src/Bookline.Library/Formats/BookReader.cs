namespace Bookline.Library.Formats;

/// <summary>Detects a file's format and reads it with the matching reader.</summary>
public sealed class BookReader
{
    private readonly Dictionary<BookFormat, IBookReader> _readers;

    /// <summary>Creates a reader for every format Bookline supports, or for the given readers only.</summary>
    /// <param name="readers">The readers to use; null for text, HTML, EPUB, PDF and page images (OCR).</param>
    public BookReader(IEnumerable<IBookReader>? readers = null)
    {
        var ocr = new TesseractOcr();
        _readers = (readers ?? [new TextBookReader(), new HtmlBookReader(), new EpubBookReader(), new PdfBookReader(ocr), new ImageBookReader(ocr)])
            .ToDictionary(r => r.Format);
    }

    /// <summary>Reads a book file of any supported format.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file cannot be read; the message says why.</exception>
    /// <exception cref="NotSupportedException">The format is not one Bookline reads (the file is skipped, with this reason).</exception>
    public ExtractedBook Read(string path)
    {
        BookFormat format = FormatDetector.Detect(path);
        if (_readers.TryGetValue(format, out IBookReader? reader))
        {
            return reader.Read(path);
        }

        throw new NotSupportedException($"not a book format Bookline reads ({Path.GetExtension(path).ToLowerInvariant() switch { "" => "no extension", var e => e }})");
    }
}
