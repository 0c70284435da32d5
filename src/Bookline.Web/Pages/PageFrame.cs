using RazorSlices;

namespace Bookline.Web.Pages;

/// <summary>What the layout shows around a page: the site, the page's title and section, the search box, the account, and the page itself.</summary>
/// <param name="Base">The app's base path, which every link starts with.</param>
/// <param name="Site">The catalog's name.</param>
/// <param name="Title">The page's title.</param>
/// <param name="Section">The navigation entry the page belongs to (its path), marked as current.</param>
/// <param name="Query">The search box's text.</param>
/// <param name="User">The account signed in with a cookie, offered a sign-out; null for none.</param>
/// <param name="Live">Whether a scan runs in this process (the navigation links its dashboard).</param>
/// <param name="Body">The page.</param>
internal sealed record PageFrame(string Base, string Site, string Title, string Section, string? Query, string? User, bool Live, RazorSlice Body)
{
    /// <summary>The navigation: path and label.</summary>
    public static readonly (string Path, string Label)[] Sections =
    [
        ("/", "Books"),
        ("/recent", "Recent"),
        ("/authors", "Authors"),
        ("/series", "Series"),
        ("/shelves", "Shelves"),
        ("/tags", "Tags"),
        ("/formats", "Formats"),
        ("/languages", "Languages"),
        ("/duplicates", "Duplicates"),
        ("/failures", "Failures"),
        ("/stats", "Statistics"),
    ];
}
