namespace Bookline.Web.Pages;

/// <summary>A page that only says something: a book that is not there, an address that leads nowhere.</summary>
/// <param name="Heading">What happened.</param>
/// <param name="Text">What to do about it.</param>
internal sealed record MessageModel(string Heading, string Text);
