using System.Data.Common;
using System.Globalization;

namespace Bookline.Library.Catalog;

/// <summary>
/// How a book and a file are read from either store's rows: both select the same columns in the
/// same order, and differ only in how a time comes back (SQLite: ISO 8601 text; PostgreSQL: timestamptz).
/// </summary>
internal static class CatalogRows
{
    /// <summary>The book columns <see cref="ReadBook"/> reads, in its order.</summary>
    public const string BookColumns = "id, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, metadata, cover, key";

    /// <summary>The file columns <see cref="ReadFile"/> reads, in its order, after the book's id.</summary>
    public const string FileColumns = "book_id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings";

    /// <summary>A book from a row of <see cref="BookColumns"/>, without its files.</summary>
    public static CatalogBook ReadBook(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new CatalogBook(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(5), Text(6),
            reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetInt32(8), reader.GetInt64(9), reader.GetString(10), Time(reader, 11), Text(12), Text(13))
        {
            Id = reader.GetInt64(0),
            Metadata = MetadataJson.Read(Text(14), reader.GetString(4), Text(5), Text(6)),
            Cover = Text(15),
            Key = reader.GetString(16),
        };
    }

    /// <summary>A file from a row of <see cref="FileColumns"/>; returns its book's id too.</summary>
    public static (long BookId, CatalogFile File) ReadFile(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return (reader.GetInt64(0), new CatalogFile(reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetInt32(4),
            reader.GetInt64(5), reader.GetString(6), Time(reader, 7), Text(8), Text(9)));
    }

    /// <summary>Books from a reader of <see cref="BookColumns"/>, each with its files from a reader of <see cref="FileColumns"/>.</summary>
    public static List<CatalogBook> ReadBooks(DbDataReader books, DbDataReader files)
    {
        var byBook = new Dictionary<long, List<CatalogFile>>();
        while (files.Read())
        {
            (long id, CatalogFile file) = ReadFile(files);
            if (!byBook.TryGetValue(id, out List<CatalogFile>? list))
            {
                byBook[id] = list = [];
            }

            list.Add(file);
        }

        var result = new List<CatalogBook>();
        while (books.Read())
        {
            CatalogBook book = ReadBook(books);
            result.Add(book with { Files = byBook.TryGetValue(book.Id, out List<CatalogFile>? list) ? list : [] });
        }

        return result;
    }

    private static DateTimeOffset Time(DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(string)
            ? DateTimeOffset.Parse(reader.GetString(i), CultureInfo.InvariantCulture)
            : reader.GetFieldValue<DateTimeOffset>(i);
}
