using System.Globalization;
using Bookline.Library.Catalog;

namespace Bookline.Web.Opds;

/// <summary>One page of an acquisition feed: its books, where it stands among the pages, and how to link to any page.</summary>
/// <param name="Name">The feed's name, part of its id.</param>
/// <param name="Title">The feed's title.</param>
/// <param name="Path">The feed's path, without the page.</param>
/// <param name="Books">The books on this page.</param>
/// <param name="Index">This page's number, from 0.</param>
/// <param name="Count">How many pages there are (at least 1).</param>
/// <param name="Total">How many books in all the pages.</param>
internal sealed record FeedPage(string Name, string Title, string Path, IReadOnlyList<CatalogBook> Books, int Index, int Count, int Total)
{
    /// <summary>The path of a page of this feed (the first has no page number).</summary>
    public string Link(int page)
    {
        string separator = Path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return page == 0 ? Path : Path + separator + "page=" + page.ToString(CultureInfo.InvariantCulture);
    }
}
