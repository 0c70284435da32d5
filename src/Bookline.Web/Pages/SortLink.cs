namespace Bookline.Web.Pages;

/// <summary>One of the orders a list can be shown in.</summary>
/// <param name="Label">What the order is called.</param>
/// <param name="Href">The list in that order.</param>
/// <param name="Current">Whether the list is in that order now.</param>
internal sealed record SortLink(string Label, string Href, bool Current);
