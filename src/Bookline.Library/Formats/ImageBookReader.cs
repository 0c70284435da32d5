namespace Bookline.Library.Formats;

/// <summary>Reads a page image (PNG, TIFF) through OCR; without OCR it fails with the reason.</summary>
public sealed class ImageBookReader(TesseractOcr ocr) : IBookReader
{
    /// <inheritdoc />
    public BookFormat Format => BookFormat.Image;

    /// <inheritdoc />
    /// <remarks>tesseract is another process: it opens the file by its path.</remarks>
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        string text = TextTools.Collapse(TextNormalizer.JoinHyphenatedLines(ocr.Recognize(path, cancellationToken)));
        return new ExtractedBook(BookFormat.Image, TextTools.TitleFromFileName(path), null, null, 1, text, null, ["text recognized by OCR"]);
    }
}
