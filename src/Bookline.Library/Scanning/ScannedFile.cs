using Bookline.Library.Formats;

namespace Bookline.Library.Scanning;

/// <summary>A file after the scan stage: its book and hash, or why it was skipped, or why it could not be read.</summary>
/// <param name="File">The file.</param>
/// <param name="Book">What the reader extracted; null when skipped or failed.</param>
/// <param name="Sha256">The file's SHA-256, lowercase hex; empty when skipped or failed.</param>
/// <param name="SkipReason">Why the file is not a book Bookline reads; null when it is.</param>
public sealed record ScannedFile(FoundFile File, ExtractedBook? Book, string Sha256, string? SkipReason)
{
    /// <summary>Why the file could not be read, when it is one format of a book whose other formats could.</summary>
    public string? Failure { get; init; }

    /// <summary>The words of the book's text, counted before a format that is not the book's main one lets its text go.</summary>
    public int Words { get; init; }
}
