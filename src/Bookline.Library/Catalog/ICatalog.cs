namespace Bookline.Library.Catalog;

/// <summary>
/// Where the books of a library are recorded and searched: a SQLite file for one machine
/// (Bookline.Catalog.Sqlite), or a PostgreSQL database that many catalogers and searchers share
/// (Bookline.Catalog.PostgreSql). It plays three roles, each its own interface, so a caller asks
/// for no more than it uses: <see cref="ICatalogReader"/> (reading and searching),
/// <see cref="ICatalogWriter"/> (writing a scan's results) and <see cref="IScanLedger"/> (a
/// scan's bookkeeping). Every store is safe to use from many threads at once.
/// </summary>
/// <remarks>
/// A store reports its own driver's errors as <see cref="CatalogException"/>s:
/// <see cref="CatalogUnavailableException"/> when the catalog cannot be reached or written now
/// (never a book's fault), and <see cref="CatalogException"/> for anything else it refuses. A
/// search query is never refused: Bookline parses every text into a query (<see cref="Search.SearchQuery"/>).
/// </remarks>
public interface ICatalog : ICatalogReader, ICatalogWriter, IScanLedger, ICatalogAccounts, IDisposable
{
}
