using Bookline.Library.Formats;

namespace Bookline.Library.Scanning;

/// <summary>A file after the scan stage: its book and hash, or why it was skipped.</summary>
/// <param name="File">The file.</param>
/// <param name="Book">What the reader extracted; null when skipped.</param>
/// <param name="Sha256">The file's SHA-256, lowercase hex.</param>
/// <param name="SkipReason">Why the file is not a book Bookline reads; null when it is.</param>
public sealed record ScannedFile(FoundFile File, ExtractedBook? Book, string Sha256, string? SkipReason);
