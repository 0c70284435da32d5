using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads a PDF with PdfPig: pages, text in content order, and title and author from the information
/// dictionary when they look like a title and an author (real PDFs put file names, tool names or
/// the author in the title field); otherwise the file name.
/// </summary>
/// <remarks>
/// PdfPig cannot be cancelled and has inputs that never finish: give each file a time limit around
/// this call. The read stops at the next page once the limit passes; only a single page (or the
/// opening of the file) that never finishes keeps its thread.
/// </remarks>
public sealed class PdfBookReader(TesseractOcr? ocr = null, ReadLimits? limits = null) : IBookReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    /// <summary>The bytes of PDF parsed at once, shared with whatever else parses PDFs for the same <see cref="BookReader"/>.</summary>
    internal ByteBudget Parsing { get; init; } = new((limits ?? ReadLimits.Default).MaxPdfBytesAtOnce);

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Pdf;

    /// <summary>Fewer characters per page than this on a PDF with page images means the text is in the images.</summary>
    internal const int OcrThresholdPerPage = 50;

    /// <summary>Reads a PDF file.</summary>
    /// <param name="content">The open file.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Stops the read between pages and ends OCR of page images; PdfPig's parsing of one page cannot be stopped.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The PDF is encrypted, broken, or has its text only in page images.</exception>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        try
        {
            // PdfPig parses from memory far faster than from a stream it seeks about in (9% of a corpus
            // scan's time); BookReader has checked the size against the PDF limit already.
            using ByteBudget.Lease lease = Parsing.Take(content.Length, cancellationToken);
            using PdfDocument document = PdfDocument.Open(BookFile.ReadAllBytes(content, long.MaxValue, BookReader.FormatName(BookFormat.Pdf)));
            var text = new StringBuilder();
            var warnings = new List<string>();
            int pages = document.NumberOfPages;
            for (int number = 1; number <= pages; number++)
            {
                // Between pages the read can stop: a timed-out file frees its thread within a page.
                cancellationToken.ThrowIfCancellationRequested();
                if (text.Length > _limits.MaxTextCharacters)
                {
                    // The rest would be cut anyway: its pages cost time and memory for nothing.
                    warnings.Add(FormattableString.Invariant($"pages {number}–{pages} not read: the text before them reached the limit for one book"));
                    break;
                }

                PdfPageText.Append(document.GetPage(number), text);
                text.Append("\n\n");
            }

            string body = TextTools.Collapse(TextNormalizer.JoinHyphenatedLines(text.ToString()));
            if (body.Length < OcrThresholdPerPage * Math.Max(1, pages))
            {
                // Only a PDF that is almost empty of text is searched for page images (a scan).
                if (document.GetPages().Any(p => p.GetImages().Any()))
                {
                    body = RecognizePageImages(document, cancellationToken);
                    warnings.Add("text recognized by OCR from page images");
                }
                else
                {
                    warnings.Add(FormattableString.Invariant($"almost no text: {pages} pages, {body.Length} characters"));
                }
            }

            string? author = Plausible(document.Information.Author);
            string? title = Plausible(document.Information.Title);
            if (title is not null && (LooksLikeFileName(title) || string.Equals(title, author, StringComparison.OrdinalIgnoreCase)))
            {
                title = null;
            }

            return new ExtractedBook(BookFormat.Pdf, title ?? TextTools.TitleFromFileName(path), author, null, pages, body, null, warnings);
        }
        catch (PdfDocumentEncryptedException exception)
        {
            throw new BookReadException("encrypted PDF: it needs a password to open", exception);
        }
        catch (PdfDocumentFormatException exception)
        {
            throw new BookReadException($"not a readable PDF: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is not BookReadException and not OutOfMemoryException and not OperationCanceledException)
        {
            // PdfDocumentFormatException for most damage, but broken files surface other types too.
            throw new BookReadException($"not a readable PDF: {exception.Message}", exception);
        }
    }

    /// <summary>An image-only PDF (a scan): each page image goes through OCR.</summary>
    private string RecognizePageImages(PdfDocument document, CancellationToken cancellationToken)
    {
        TesseractOcr engine = ocr ?? new TesseractOcr();
        if (!engine.IsAvailable)
        {
            throw new BookReadException($"image-only PDF: its text is in page images; {TesseractOcr.NotAvailable}");
        }

        var text = new StringBuilder();
        string scratch = Path.Combine(Path.GetTempPath(), "bookline-ocr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            int n = 0;
            foreach (Page page in document.GetPages())
            {
                foreach (var image in page.GetImages())
                {
                    string file = Path.Combine(scratch, FormattableString.Invariant($"{n++}.png"));
                    if (image.TryGetPng(out byte[]? png) && png is not null)
                    {
                        File.WriteAllBytes(file, png);
                    }
                    else
                    {
                        File.WriteAllBytes(file, image.RawBytes.ToArray()); // JPEG (DCT) data is an image file as it is
                    }

                    text.Append(engine.Recognize(file, cancellationToken)).Append("\n\n");
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return TextTools.Collapse(TextNormalizer.JoinHyphenatedLines(text.ToString()));
    }

    private static string? Plausible(string? value)
    {
        string? cleaned = TextTools.Clean(value);
        return cleaned is null || cleaned.Length < 2 || cleaned.Equals("untitled", StringComparison.OrdinalIgnoreCase) || cleaned.Equals("unknown", StringComparison.OrdinalIgnoreCase)
            ? null
            : cleaned;
    }

    private static bool LooksLikeFileName(string title) =>
        title.StartsWith("Microsoft Word - ", StringComparison.OrdinalIgnoreCase)
        || Path.HasExtension(title) && Path.GetExtension(title).Length is >= 3 and <= 5 && !title.Contains(' ', StringComparison.Ordinal);
}
