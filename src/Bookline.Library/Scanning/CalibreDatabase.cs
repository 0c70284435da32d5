using System.Globalization;
using Bookline.Library.Formats;
using Microsoft.Data.Sqlite;

namespace Bookline.Library.Scanning;

/// <summary>
/// Reads a calibre library's own catalog, <c>metadata.db</c>: the truth of the library, which
/// calibre backs up into each book folder's <c>metadata.opf</c> only when it gets round to it. Opened
/// read-only (calibre's triggers need its own SQL functions, so a write would fail anyway); only base
/// tables are queried, and a table an older calibre lacks is left out.
/// </summary>
internal static class CalibreDatabase
{
    /// <summary>
    /// Every book's metadata and when calibre last changed it, by its folder relative to the library
    /// ("Jane Austen/Emma (12)"); empty when the database cannot be read.
    /// </summary>
    public static IReadOnlyDictionary<string, (BookMetadata Metadata, DateTimeOffset? LastModified)> Read(string root)
    {
        var books = new Dictionary<long, (string Path, BookMetadata Metadata)>();
        var modified = new Dictionary<long, DateTimeOffset>();
        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(root, "metadata.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            Each(connection, "SELECT id, title, path, author_sort, series_index, pubdate FROM books", r =>
                books[r.GetInt64(0)] = (r.GetString(2).Replace('\\', '/'), new BookMetadata
                {
                    Title = Text(r, 1),
                    AuthorSort = Text(r, 3),
                    SeriesIndex = r.IsDBNull(4) ? null : r.GetDouble(4),
                    Published = Date(Text(r, 5)),
                }));
            Each(connection, "SELECT id, last_modified FROM books", r =>
            {
                if (!r.IsDBNull(1) && DateTimeOffset.TryParse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                {
                    modified[r.GetInt64(0)] = at;
                }
            });
            void Update(string sql, Func<BookMetadata, SqliteDataReader, BookMetadata> change) => Each(connection, sql, r =>
            {
                if (books.TryGetValue(r.GetInt64(0), out var book))
                {
                    books[r.GetInt64(0)] = (book.Path, change(book.Metadata, r));
                }
            });

            // Author order is the order of the links, as calibre keeps it.
            Update("SELECT l.book, a.name FROM books_authors_link l JOIN authors a ON a.id = l.author ORDER BY l.book, l.id",
                (m, r) => m with { Authors = [.. m.Authors, r.GetString(1).Replace('|', ',')] });
            Update("SELECT l.book, s.name FROM books_series_link l JOIN series s ON s.id = l.series", (m, r) => m with { Series = r.GetString(1) });
            Update("SELECT l.book, t.name FROM books_tags_link l JOIN tags t ON t.id = l.tag ORDER BY l.book, t.name", (m, r) => m with { Tags = [.. m.Tags, r.GetString(1)] });
            Update("SELECT l.book, p.name FROM books_publishers_link l JOIN publishers p ON p.id = l.publisher", (m, r) => m with { Publisher = r.GetString(1) });
            Update("SELECT l.book, g.lang_code FROM books_languages_link l JOIN languages g ON g.id = l.lang_code ORDER BY l.book, l.item_order",
                (m, r) => m with { Languages = [.. m.Languages, r.GetString(1)] });
            Update("SELECT l.book, x.rating FROM books_ratings_link l JOIN ratings x ON x.id = l.rating",
                (m, r) => r.IsDBNull(1) || r.GetInt32(1) <= 0 ? m : m with { Rating = Math.Min(10, r.GetInt32(1)) / 2.0 });
            Update("SELECT book, type, val FROM identifiers ORDER BY book, type",
                (m, r) => m with { Identifiers = [.. m.Identifiers, BookIdentifier.Normalized(r.GetString(1), r.GetString(2))] });
            Update("SELECT book, text FROM comments", (m, r) => m with { Description = PlainText(Text(r, 1)) });
        }
        catch (SqliteException)
        {
            return new Dictionary<string, (BookMetadata, DateTimeOffset?)>(); // not readable: each book's metadata.opf still says what calibre last backed up
        }

        var byFolder = new Dictionary<string, (BookMetadata, DateTimeOffset?)>(StringComparer.Ordinal);
        foreach (var (id, (folder, metadata)) in books)
        {
            byFolder[folder] = (metadata with { SeriesIndex = metadata.Series is null ? null : metadata.SeriesIndex }, modified.TryGetValue(id, out DateTimeOffset at) ? at : null);
        }

        return byFolder;
    }

    private static void Each(SqliteConnection connection, string sql, Action<SqliteDataReader> row)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                row(reader);
            }
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 1)
        {
            // No such table or column in this calibre's schema: that part of the metadata is not there.
        }
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : TextTools.Clean(reader.GetString(i));

    /// <summary>calibre's dates ("2019-05-01 00:00:00+00:00"); its year 0101 means none.</summary>
    private static string? Date(string? text) =>
        text is { Length: >= 10 } && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year >= 1000 ? text[..10] : null;

    private static string? PlainText(string? html) =>
        html is null ? null : TextTools.Clean(HtmlText.Extract(HtmlText.Parse(html, ReadLimits.Default.MaxHtmlNesting)));
}
