using Bookline.Library.Catalog;

namespace Bookline.Library.Search;

/// <summary>A book's metadata fields as the indexes are given them: folded words joined by spaces (<see cref="SearchText.Normalize"/>).</summary>
/// <param name="Title">The title.</param>
/// <param name="Authors">Every author.</param>
/// <param name="Series">The series.</param>
/// <param name="Tags">The tags.</param>
/// <param name="Files">The names of the book's files.</param>
internal sealed record BookFields(string Title, string Authors, string Series, string Tags, string Files)
{
    /// <summary>The fields of a book, adding their words to <paramref name="words"/> when given.</summary>
    public static BookFields Of(CatalogBook book, HashSet<string>? words = null)
    {
        string authors = book.Metadata.Authors.Count > 0 ? string.Join("; ", book.Metadata.Authors) : book.Author ?? string.Empty;
        return new BookFields(
            SearchText.Normalize(book.Title, words),
            SearchText.Normalize(authors, words),
            SearchText.Normalize(book.Metadata.Series, words),
            SearchText.Normalize(string.Join("; ", book.Metadata.Tags), words),
            SearchText.Normalize(string.Join(' ', book.AllFiles.Select(f => Path.GetFileName(f.Path))), words));
    }
}
