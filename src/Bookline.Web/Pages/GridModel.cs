namespace Bookline.Web.Pages;

/// <summary>A page of books as a grid of covers.</summary>
/// <param name="Base">The app's base path.</param>
/// <param name="Heading">The page's heading.</param>
/// <param name="Total">How many books the whole list has.</param>
/// <param name="Books">This page's books.</param>
/// <param name="Pages">The links to the other pages.</param>
/// <param name="Sorts">The orders the list can be shown in.</param>
/// <param name="Up">The list this one belongs to (all authors, for an author's books): label and address; null for none.</param>
internal sealed record GridModel(string Base, string Heading, int Total, IReadOnlyList<BookCard> Books, PageLinks Pages, IReadOnlyList<SortLink> Sorts, (string Label, string Href)? Up);
