namespace Bookline.Library.Catalog;

/// <summary>Books with the same title and authors that were not grouped into one (in different folders, or named apart).</summary>
/// <param name="Title">The title, as the first of them has it.</param>
/// <param name="Authors">The authors, as the first of them has them.</param>
/// <param name="Books">The books.</param>
public sealed record DuplicateBooks(string Title, IReadOnlyList<string> Authors, IReadOnlyList<CatalogBook> Books);
