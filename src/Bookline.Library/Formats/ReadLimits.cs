namespace Bookline.Library.Formats;

/// <summary>
/// The most one book file may cost to read. A file over a limit fails with a reason that names the
/// limit, so a hostile or broken file costs at most its limits, never the scan. The defaults keep
/// a scan with two workers under 2 GiB on a library of hostile files and leave real books alone.
/// </summary>
public sealed class ReadLimits
{
    private const long MiB = 1024 * 1024;

    /// <summary>The most bytes of a plain-text file read: a longer file is cataloged from its start, with a warning, never loaded whole.</summary>
    /// <value>The default value is 32 MiB (Project Gutenberg's largest books are under 20 MiB).</value>
    public long MaxTextBytes { get; set; } = 32 * MiB;

    /// <summary>
    /// The most characters of text kept for one book: a longer text is cut at a word before the
    /// limit, with a warning, and a PDF stops being read at the page that reaches it.
    /// </summary>
    /// <value>The default value is 8,000,000 (the longest novels hold 3 to 4 million; the King James Bible 4.3 million).</value>
    public int MaxTextCharacters { get; set; } = 8_000_000;

    /// <summary>The largest HTML page read: its document tree takes about twenty times the file's size.</summary>
    /// <value>The default value is 16 MiB.</value>
    public long MaxHtmlBytes { get; set; } = 16 * MiB;

    /// <summary>How deep the elements of an HTML page (or an EPUB's document) may nest: the parser's work grows with the square of the depth.</summary>
    /// <value>The default value is 256 (real books rarely pass 30).</value>
    public int MaxHtmlNesting { get; set; } = 256;

    /// <summary>The largest PDF read (the PDF library holds the file in memory).</summary>
    /// <value>The default value is 512 MiB.</value>
    public long MaxPdfBytes { get; set; } = 512 * MiB;

    /// <summary>The largest Kindle, PalmDOC or RTF book read (these readers hold the whole file in memory).</summary>
    /// <value>The default value is 256 MiB.</value>
    public long MaxLoadedBookBytes { get; set; } = 256 * MiB;

    /// <summary>
    /// How many bytes of PDF the readers parse at once, all workers together: the PDF library holds
    /// about twenty times a PDF's size in memory while it reads it, so PDFs that would pass this
    /// together wait for each other, and one larger than this is read alone. Memory then follows the
    /// largest PDF, not the number of workers.
    /// </summary>
    /// <value>The default value is 16 MiB (two of the corpus's largest PDFs, 7 MiB each, still read together).</value>
    public long MaxPdfBytesAtOnce { get; set; } = 16 * MiB;

    /// <summary>The largest page image given to OCR.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long MaxImageBytes { get; set; } = 64 * MiB;

    /// <summary>The largest archive (an EPUB) opened; only its text documents are unpacked.</summary>
    /// <value>The default value is 1 GiB.</value>
    public long MaxArchiveBytes { get; set; } = 1024 * MiB;

    /// <summary>The most entries an archive may list.</summary>
    /// <value>The default value is 10,000.</value>
    public int MaxArchiveEntries { get; set; } = 10_000;

    /// <summary>The most bytes one document in an archive may unpack to (a zip bomb stops here, whatever its header says).</summary>
    /// <value>The default value is 16 MiB (a real chapter is rarely over 1 MiB).</value>
    public long MaxEntryBytes { get; set; } = 16 * MiB;

    /// <summary>The most bytes all the documents read from one archive may unpack to together.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long MaxUnpackedBytes { get; set; } = 64 * MiB;

    /// <summary>
    /// How many times its packed size a compressed book or an archive's entry may unpack to, once
    /// it is past <see cref="MaxEntryBytes"/>: a decompression bomb stops here long before its size limit.
    /// </summary>
    /// <value>The default value is 100 (text packs 3 to 5 times; a bomb of zeros a thousand times), as Apache Tika's default.</value>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>How many compressions and archives may hold one another around a book (<c>books.zip!/more.zip!/book.pdf.gz</c> is three).</summary>
    /// <value>The default value is 3.</value>
    public int MaxArchiveNesting { get; set; } = 3;

    /// <summary>The limits every reader uses unless given others.</summary>
    public static ReadLimits Default { get; } = new();

    /// <summary>The limit on the file size for a format, or null for a format read in pieces.</summary>
    /// <param name="format">The detected format.</param>
    /// <returns>The limit in bytes.</returns>
    public long? FileLimit(BookFormat format) => format switch
    {
        BookFormat.Markdown => MaxTextBytes,
        BookFormat.Html => MaxHtmlBytes,
        BookFormat.Pdf => MaxPdfBytes,
        BookFormat.Image => MaxImageBytes,
        BookFormat.Epub or BookFormat.Fb2 or BookFormat.Docx or BookFormat.Odt or BookFormat.CalibreZip or BookFormat.Djvu or BookFormat.Comic => MaxArchiveBytes,
        BookFormat.Mobi or BookFormat.Azw3 or BookFormat.PalmDoc or BookFormat.Rtf or BookFormat.Lrf => MaxLoadedBookBytes,
        _ => null,
    };

    /// <summary>These limits for an archive of whole books: each book in it may unpack to <see cref="MaxArchiveBytes"/>, and so may all together.</summary>
    internal ReadLimits ForArchiveOfBooks()
    {
        var copy = (ReadLimits)MemberwiseClone();
        copy.MaxEntryBytes = MaxArchiveBytes;
        copy.MaxUnpackedBytes = MaxArchiveBytes;
        return copy;
    }

    /// <summary>Checks that every limit is positive.</summary>
    /// <exception cref="ArgumentException">A limit is zero or negative.</exception>
    public void Validate()
    {
        if (MaxTextBytes < 1 || MaxHtmlBytes < 1 || MaxPdfBytes < 1 || MaxImageBytes < 1 || MaxArchiveBytes < 1 || MaxLoadedBookBytes < 1
            || MaxArchiveEntries < 1 || MaxTextCharacters < 1 || MaxPdfBytesAtOnce < 1 || MaxCompressionRatio < 1 || MaxArchiveNesting < 1 || MaxEntryBytes < 1 || MaxUnpackedBytes < 1 || MaxHtmlNesting < 1)
        {
            throw new ArgumentException("Every read limit must be at least 1.");
        }
    }

    /// <summary>A size as a librarian reads it: "1.5 GiB", "16 MiB", "900 bytes".</summary>
    internal static string Size(long bytes) => bytes switch
    {
        >= 1024 * MiB => FormattableString.Invariant($"{bytes / (1024.0 * MiB):0.#} GiB"),
        >= MiB => FormattableString.Invariant($"{bytes / (double)MiB:0.#} MiB"),
        >= 1024 => FormattableString.Invariant($"{bytes / 1024.0:0.#} KiB"),
        _ => FormattableString.Invariant($"{bytes} bytes"),
    };
}
