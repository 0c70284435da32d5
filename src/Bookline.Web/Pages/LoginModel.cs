namespace Bookline.Web.Pages;

/// <summary>The sign-in form.</summary>
/// <param name="Base">The app's base path.</param>
/// <param name="ReturnTo">The page to go back to once signed in (a path of this app).</param>
/// <param name="Name">The name typed before, kept after a wrong password.</param>
/// <param name="Error">Why the last try failed; null for none.</param>
internal sealed record LoginModel(string Base, string ReturnTo, string? Name, string? Error);
