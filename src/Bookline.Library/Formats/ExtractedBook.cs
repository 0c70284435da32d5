namespace Bookline.Library.Formats;

/// <summary>What a reader got out of a book file.</summary>
/// <param name="Format">The format it was read as.</param>
/// <param name="Title">The title, from the book's metadata or, failing that, from its file name.</param>
/// <param name="Author">The author, when the book names one.</param>
/// <param name="Language">The language code, when the book names one.</param>
/// <param name="Pages">Pages of a PDF, or the number of distinct documents in an EPUB's spine; null for text and HTML.</param>
/// <param name="Text">The book's text, whitespace collapsed.</param>
/// <param name="Encoding">For a text file: the encoding it was decoded with and how it was chosen.</param>
/// <param name="Warnings">Things a librarian should know (for example "blank pages: 64 pages, 1,900 characters").</param>
public sealed record ExtractedBook(
    BookFormat Format,
    string Title,
    string? Author,
    string? Language,
    int? Pages,
    string Text,
    string? Encoding,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Everything else the book says about itself (all authors, series, identifiers …); the readers fill
    /// what their format holds. <see cref="Title"/>, <see cref="Author"/> and <see cref="Language"/> are
    /// what the reader settled on, after its sanity checks.
    /// </summary>
    public BookMetadata Metadata { get; init; } = BookMetadata.Empty;

    /// <summary>The SHA-256 of the file, lowercase hex, from the same open as the read (so of the same bytes, unless they changed in place meanwhile); null from a reader used on its own.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The cover image inside the file (an EPUB entry's path), or, once a scan found one, the cover file beside it.</summary>
    public string? Cover { get; init; }

    /// <summary>The number of words in <see cref="Text"/>.</summary>
    public int Words => CountWords(Text);

    private static int CountWords(string text)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool letter = char.IsLetterOrDigit(c);
            if (letter && !inWord)
            {
                words++;
            }

            inWord = letter;
        }

        return words;
    }

    /// <summary>
    /// A book whose title, author and language are its metadata's (the first author, the first
    /// language), the title falling back to <paramref name="fallbackTitle"/>: how every reader of a
    /// format with a metadata record builds its result.
    /// </summary>
    internal static ExtractedBook FromMetadata(BookFormat format, BookMetadata metadata, string fallbackTitle, int? pages, string text, string? encoding, IReadOnlyList<string> warnings) =>
        new(format, metadata.Title ?? fallbackTitle, metadata.Authors.Count > 0 ? metadata.Authors[0] : null,
            metadata.Languages.Count > 0 ? metadata.Languages[0] : null, pages, text, encoding, warnings)
        {
            Metadata = metadata,
        };
}
