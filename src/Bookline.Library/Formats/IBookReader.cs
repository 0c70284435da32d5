namespace Bookline.Library.Formats;

/// <summary>Reads one format of book file.</summary>
public interface IBookReader
{
    /// <summary>The format this reader reads.</summary>
    BookFormat Format { get; }

    /// <summary>Reads a book file of this reader's format.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file cannot be read; the message says why.</exception>
    ExtractedBook Read(string path);
}
