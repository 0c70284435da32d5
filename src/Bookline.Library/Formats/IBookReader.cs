namespace Bookline.Library.Formats;

/// <summary>Reads one format of book file.</summary>
public interface IBookReader
{
    /// <summary>The format this reader reads.</summary>
    BookFormat Format { get; }

    /// <summary>Reads a book file of this reader's format.</summary>
    /// <param name="path">A regular file (<see cref="BookReader"/> checks that, and its size, before it calls this).</param>
    /// <param name="cancellationToken">Stops the read where it can (a child process is ended); the read then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file cannot be read; the message says why.</exception>
    ExtractedBook Read(string path, CancellationToken cancellationToken = default);
}
