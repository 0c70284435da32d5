using Bookline.Library.Catalog;

namespace Bookline.Cli.Web;

/// <summary>What the search form was sent with: the query, the filter fields and the exact toggle.</summary>
/// <param name="Query">The query as typed.</param>
/// <param name="Filter">Shelf, format and author.</param>
/// <param name="Exact">Whether typo tolerance is off.</param>
internal sealed record SearchForm(string? Query, SearchFilter Filter, bool Exact);
