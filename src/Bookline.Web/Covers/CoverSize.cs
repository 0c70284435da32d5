namespace Bookline.Web.Covers;

/// <summary>The two sizes a cover is served at.</summary>
internal enum CoverSize
{
    /// <summary>For grids and feed lists: fits in 200 × 300 pixels.</summary>
    Thumbnail,

    /// <summary>For a book's page and an app's detail view: fits in 600 × 900 pixels.</summary>
    Full,
}
