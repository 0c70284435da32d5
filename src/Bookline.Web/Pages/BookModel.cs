using Bookline.Library.Catalog;

namespace Bookline.Web.Pages;

/// <summary>A book's page: its cover, every piece of its metadata, and each of its files.</summary>
/// <param name="Book">The book.</param>
/// <param name="Fields">Its metadata, by label; a value with an address links to the list it belongs to.</param>
/// <param name="Files">Its files: format, size, path in the library, and download address (null when files are not served).</param>
/// <param name="Cover">Its cover's address.</param>
/// <param name="Placeholder">Whether the cover is the plain placeholder.</param>
internal sealed record BookModel(
    CatalogBook Book,
    IReadOnlyList<(string Label, IReadOnlyList<(string Text, string? Href)> Values)> Fields,
    IReadOnlyList<(string Format, string Size, string Path, string? Download)> Files,
    string Cover,
    bool Placeholder);
