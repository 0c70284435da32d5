namespace Bookline.Library.Formats;

/// <summary>Reads one format of book file.</summary>
public interface IBookReader
{
    /// <summary>The format this reader reads.</summary>
    BookFormat Format { get; }

    /// <summary>Reads a book file of this reader's format from the file as <see cref="BookReader"/> opened it once.</summary>
    /// <param name="content">The open file, seekable, at its start; the caller disposes it.</param>
    /// <param name="path">The regular file it is (<see cref="BookReader"/> checks that, and its size, before it calls this): for its name, and for a tool that needs a path.</param>
    /// <param name="cancellationToken">Stops the read where it can (a child process is ended); the read then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The book.</returns>
    /// <exception cref="BookReadException">The file cannot be read; the message says why.</exception>
    ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default);
}
