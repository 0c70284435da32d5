using System.Globalization;
using Bookline.Library.Catalog;

namespace Bookline.Cli.Commands;

/// <summary>A book's record as <c>bookline show</c> and the book page show it: label and text, known fields only.</summary>
internal static class BookRecord
{
    public static IEnumerable<(string Label, string Value)> Fields(CatalogBook book)
    {
        (string, object?)[] fields =
        [
            ("id", book.Id), ("title", book.Title), ("author", book.Author), ("language", book.Language), ("shelf", book.Shelf),
            ("format", book.Format), ("file", book.Path), ("pages", book.Pages), ("words", book.Words), ("bytes", book.Bytes),
            ("sha-256", book.Sha256), ("modified", book.ModifiedUtc.ToString("u", CultureInfo.InvariantCulture)),
            ("encoding", book.Encoding), ("warnings", book.Warnings),
        ];
        return fields.Where(f => f.Item2 is not null).Select(f => (f.Item1, Convert.ToString(f.Item2, CultureInfo.InvariantCulture) ?? string.Empty));
    }
}
