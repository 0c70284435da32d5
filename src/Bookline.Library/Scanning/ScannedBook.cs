namespace Bookline.Library.Scanning;

/// <summary>A book after the scan stage: each of its files read, skipped or failed.</summary>
/// <param name="Book">The book as found.</param>
/// <param name="Files">What became of each file, in the order of <see cref="FoundBook.Files"/>.</param>
public sealed record ScannedBook(FoundBook Book, IReadOnlyList<ScannedFile> Files);
