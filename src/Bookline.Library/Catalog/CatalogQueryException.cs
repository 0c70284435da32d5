namespace Bookline.Library.Catalog;

/// <summary>A search query the full-text engine cannot parse; the message says what is wrong.</summary>
public sealed class CatalogQueryException : CatalogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CatalogQueryException()
        : base("The search query is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the query.</param>
    public CatalogQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the engine's error.</summary>
    /// <param name="message">What is wrong with the query.</param>
    /// <param name="innerException">The engine's error.</param>
    public CatalogQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
