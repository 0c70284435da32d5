namespace Bookline.Web.Pages;

/// <summary>A page of a facet's values (authors, series, shelves …), each with its count of books and a link to them.</summary>
/// <param name="Heading">The page's heading.</param>
/// <param name="Values">This page's values: the value, its count of books, its books' address.</param>
/// <param name="Total">How many values there are.</param>
/// <param name="Pages">The links to the other pages.</param>
/// <param name="Sorts">The orders the list can be shown in.</param>
internal sealed record FacetListModel(string Heading, IReadOnlyList<(string Value, int Count, string Href)> Values, int Total, PageLinks Pages, IReadOnlyList<SortLink> Sorts);
