using System.CommandLine;

namespace Bookline.Cli.Commands;

/// <summary>The --ocr-comics option of the commands that read books (scan, worker).</summary>
internal static class OcrComicsOption
{
    public static Option<bool> Create() => new("--ocr-comics")
    {
        Description = "Read the pages of comics (CBZ, CBR, CB7) by OCR so that their words are searched (seconds a page; needs tesseract-ocr). By default a comic is cataloged by its metadata.",
    };
}
