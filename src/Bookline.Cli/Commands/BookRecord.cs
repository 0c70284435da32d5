using System.Globalization;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;

namespace Bookline.Cli.Commands;

/// <summary>A book's record as <c>bookline show</c> and the book page show it: label and text, known fields only.</summary>
internal static class BookRecord
{
    public static IEnumerable<(string Label, string Value)> Fields(CatalogBook book)
    {
        BookMetadata metadata = book.Metadata;
        IReadOnlyList<string> authorList = BookList.AuthorsOf(book);
        string? authors = authorList.Count > 0 ? string.Join(" & ", authorList) : null;
        string? series = SeriesOf(metadata);
        (string, object?)[] fields =
        [
            ("id", book.Id), ("title", book.Title), (metadata.Authors.Count > 1 ? "authors" : "author", authors), ("author sort", metadata.AuthorSort),
            ("series", series), ("publisher", metadata.Publisher), ("published", metadata.Published),
            ("language", metadata.Languages.Count > 0 ? string.Join(", ", metadata.Languages) : book.Language),
            ("tags", metadata.Tags.Count > 0 ? string.Join(", ", metadata.Tags) : null),
            ("identifiers", metadata.Identifiers.Count > 0 ? string.Join(", ", metadata.Identifiers) : null),
            ("rating", metadata.Rating is { } stars ? stars.ToString("0.#", CultureInfo.InvariantCulture) + " / 5" : null),
            ("shelf", book.Shelf), ("format", book.Format), ("file", book.Path),
            ("formats", book.AllFiles.Count > 1 ? string.Join('\n', book.AllFiles.Select(Describe)) : null),
            ("cover", book.Cover), ("pages", book.Pages), ("words", book.Words),
            ("bytes", book.Bytes), ("sha-256", book.Sha256), ("modified", book.ModifiedUtc.ToString("u", CultureInfo.InvariantCulture)),
            ("encoding", book.Encoding), ("warnings", book.Warnings), ("description", metadata.Description),
        ];
        return fields.Where(f => f.Item2 is not null).Select(f => (f.Item1, Convert.ToString(f.Item2, CultureInfo.InvariantCulture) ?? string.Empty));
    }

    /// <summary>One file of a book in a line: format, path, size, pages and words.</summary>
    private static string Describe(CatalogFile file) =>
        string.Create(CultureInfo.InvariantCulture, $"{file.Format}: {file.Path} ({file.Bytes:N0} bytes{(file.Pages is { } pages ? $", {pages} pages" : string.Empty)}, {file.Words:N0} words)");

    /// <summary>A book's series as a line shows it: "Discworld [8]", or null for none.</summary>
    public static string? SeriesOf(BookMetadata metadata) => metadata.Series is { } name
        ? metadata.SeriesIndex is { } index ? $"{name} [{index.ToString("0.##", CultureInfo.InvariantCulture)}]" : name
        : null;
}
