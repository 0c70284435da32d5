namespace Bookline.Library.Catalog;

/// <summary>What a catalog holds twice.</summary>
/// <param name="Files">Files with the same content in several places.</param>
/// <param name="Books">Books with the same title and authors that are not one book.</param>
public sealed record CatalogDuplicates(IReadOnlyList<DuplicateFiles> Files, IReadOnlyList<DuplicateBooks> Books);
