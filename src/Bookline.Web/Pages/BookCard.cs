namespace Bookline.Web.Pages;

/// <summary>A book in a grid: what its card shows and links to.</summary>
/// <param name="Id">The book's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Authors">Its authors, joined.</param>
/// <param name="Series">Its series and number, as "Name #n"; null for none.</param>
/// <param name="Formats">Its files' formats, joined.</param>
/// <param name="Thumbnail">Its thumbnail's address.</param>
/// <param name="Placeholder">Whether the thumbnail is the plain placeholder (the card then shows the title over it).</param>
internal sealed record BookCard(long Id, string Title, string Authors, string? Series, string Formats, string Thumbnail, bool Placeholder);
