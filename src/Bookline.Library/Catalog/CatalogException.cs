namespace Bookline.Library.Catalog;

/// <summary>
/// The catalog refused an operation: the file is not a catalog, a newer Bookline wrote it, the
/// server refused the credentials, a write broke a rule of the store. The message names the catalog
/// and the cause; the store's own error is the inner exception.
/// </summary>
public class CatalogException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public CatalogException()
        : base("The catalog refused the operation.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What the catalog refused, and why.</param>
    public CatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own error.</summary>
    /// <param name="message">What the catalog refused, and why.</param>
    /// <param name="innerException">The store's error.</param>
    public CatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
