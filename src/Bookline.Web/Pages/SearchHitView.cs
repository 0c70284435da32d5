namespace Bookline.Web.Pages;

/// <summary>A search hit as the page shows it.</summary>
/// <param name="Id">The book's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Meta">Its author, shelf and format, joined.</param>
/// <param name="Corrected">Whether it was found with a typo corrected.</param>
/// <param name="Snippet">The quoted passage, in pieces: text, and whether the piece is a matched word.</param>
/// <param name="Thumbnail">Its thumbnail's address.</param>
internal sealed record SearchHitView(long Id, string Title, string Meta, bool Corrected, IReadOnlyList<(string Text, bool Marked)> Snippet, string Thumbnail);
