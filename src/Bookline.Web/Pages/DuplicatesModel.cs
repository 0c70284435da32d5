using Bookline.Library.Catalog;

namespace Bookline.Web.Pages;

/// <summary>The duplicates page: files with the same bytes, books with the same title and authors.</summary>
/// <param name="Base">The app's base path.</param>
/// <param name="Duplicates">The duplicates.</param>
internal sealed record DuplicatesModel(string Base, CatalogDuplicates Duplicates);
