namespace Bookline.Library.Formats;

/// <summary>A book file that cannot be read; the message is the reason a librarian sees.</summary>
public sealed class BookReadException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public BookReadException()
        : base("The book could not be read.")
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    /// <param name="message">Why the book could not be read, in words a librarian understands.</param>
    public BookReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the underlying error.</summary>
    /// <param name="message">Why the book could not be read.</param>
    /// <param name="innerException">The library's own error.</param>
    public BookReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
