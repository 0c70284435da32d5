using System.Security;
using Bookline.Library.Samples;
using Microsoft.Data.Sqlite;

namespace Bookline.Tests.Shared;

/// <summary>
/// Builds a library laid out as calibre lays one out: <c>metadata.db</c> (a SQLite database) at the
/// root, a folder per first author, a folder per book <c>Title (id)</c> holding its formats named
/// <c>Title - Author.ext</c>, the <c>metadata.opf</c> calibre writes (OPF 2 with its own metas) and
/// <c>cover.jpg</c>.
/// </summary>
internal static class CalibreLibrary
{
    /// <summary>A book of the library, as calibre would list it.</summary>
    public sealed record Book(
        int Id,
        string Title,
        string[] Authors,
        string AuthorSort,
        string? Series,
        double? SeriesIndex,
        string? Isbn,
        string[] Tags,
        string? Publisher,
        string? Published,
        int? Rating,
        string Text,
        string[] Formats,
        bool Cover);

    /// <summary>Three books: two authors on one, a series, a book with two formats, one without a cover.</summary>
    public static IReadOnlyList<Book> Books { get; } =
    [
        new(1, "Good Omens", ["Terry Pratchett", "Neil Gaiman"], "Pratchett, Terry & Gaiman, Neil", null, null, "978-0-575-04800-6",
            ["Fantasy", "Humour"], "Gollancz", "1990-05-01", 8, "The world will end on a Saturday. Next Saturday, in fact, just before tea.", ["epub", "txt"], true),
        new(2, "Guards! Guards!", ["Terry Pratchett"], "Pratchett, Terry", "Discworld", 8, null,
            ["Fantasy"], "Gollancz", "1989-11-01", 10, "This is where the dragons went. They lie not dead, not asleep, but dormant.", ["epub"], true),
        new(3, "Persuasion", ["Jane Austen"], "Austen, Jane", null, null, null,
            [], null, null, null, "Sir Walter Elliot, of Kellynch Hall, in Somersetshire, was a man who never took up any book but the Baronetage.", ["txt"], false),
    ];

    /// <summary>Writes the library into <paramref name="root"/>; returns the books' folders, relative, by id.</summary>
    public static IReadOnlyDictionary<int, string> Write(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "metadata_db_prefs_backup.json"), "{}");
        var folders = new Dictionary<int, string>();
        foreach (Book book in Books)
        {
            string folder = $"{book.Authors[0]}/{book.Title.Replace('!', '_')} ({book.Id})";
            folders[book.Id] = folder;
            string full = Path.Combine(root, folder);
            Directory.CreateDirectory(full);
            string stem = $"{book.Title.Replace('!', '_')} - {book.Authors[0]}";
            foreach (string format in book.Formats)
            {
                // The file's own metadata is poorer than calibre's: one author, no series; the OPF must win.
                byte[] bytes = format == "epub"
                    ? SampleBooks.Epub(book.Title.ToUpperInvariant(), book.Authors[0], "en", [book.Text])
                    : System.Text.Encoding.UTF8.GetBytes(book.Text);
                File.WriteAllBytes(Path.Combine(full, $"{stem}.{format}"), bytes);
            }

            File.WriteAllText(Path.Combine(full, "metadata.opf"), Opf(book));
            if (book.Cover)
            {
                File.WriteAllBytes(Path.Combine(full, "cover.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 0xFF, 0xD9]);
            }
        }

        WriteDatabase(Path.Combine(root, "metadata.db"), folders);
        return folders;
    }

    /// <summary>The metadata.opf calibre 6 writes for a book.</summary>
    public static string Opf(Book book)
    {
        static string X(string value) => SecurityElement.Escape(value);
        var lines = new List<string>
        {
            "<?xml version='1.0' encoding='utf-8'?>",
            "<package xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"uuid_id\" version=\"2.0\">",
            "    <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">",
            $"        <dc:identifier opf:scheme=\"calibre\" id=\"calibre_id\">{book.Id}</dc:identifier>",
            $"        <dc:identifier opf:scheme=\"uuid\" id=\"uuid_id\">{new Guid(book.Id, 0, 0, new byte[8])}</dc:identifier>",
            $"        <dc:title>{X(book.Title)}</dc:title>",
        };
        lines.AddRange(book.Authors.Select(a => $"        <dc:creator opf:file-as=\"{X(book.AuthorSort)}\" opf:role=\"aut\">{X(a)}</dc:creator>"));
        lines.Add("        <dc:contributor opf:file-as=\"calibre\" opf:role=\"bkp\">calibre (6.13.0) [https://calibre-ebook.com]</dc:contributor>");
        lines.Add($"        <dc:date>{(book.Published is null ? "0101-01-01T00:00:00+00:00" : book.Published + "T00:00:00+00:00")}</dc:date>");
        lines.Add($"        <dc:description>{X($"<div><p>{X(book.Text)}</p></div>")}</dc:description>");
        if (book.Publisher is not null)
        {
            lines.Add($"        <dc:publisher>{X(book.Publisher)}</dc:publisher>");
        }

        if (book.Isbn is not null)
        {
            lines.Add($"        <dc:identifier opf:scheme=\"ISBN\">{book.Isbn}</dc:identifier>");
        }

        lines.Add("        <dc:language>eng</dc:language>");
        lines.AddRange(book.Tags.Select(t => $"        <dc:subject>{X(t)}</dc:subject>"));
        if (book.Rating is { } rating)
        {
            lines.Add($"        <meta name=\"calibre:rating\" content=\"{rating}\"/>");
        }

        if (book.Series is not null)
        {
            lines.Add($"        <meta name=\"calibre:series\" content=\"{X(book.Series)}\"/>");
            lines.Add($"        <meta name=\"calibre:series_index\" content=\"{book.SeriesIndex!.Value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}\"/>");
        }

        lines.Add("        <meta name=\"calibre:timestamp\" content=\"2026-11-01T10:00:00+00:00\"/>");
        lines.Add($"        <meta name=\"calibre:title_sort\" content=\"{X(book.Title)}\"/>");
        lines.Add("    </metadata>");
        lines.Add("    <guide>");
        lines.Add("        <reference type=\"cover\" title=\"Cover\" href=\"cover.jpg\"/>"); // calibre writes it with or without a cover
        lines.Add("    </guide>");
        lines.Add("</package>");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>A database with calibre's main tables (the columns Bookline reads, as calibre 6 names them) and a row for each book.</summary>
    private static void WriteDatabase(string path, Dictionary<int, string> folders)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Run(connection, """
            CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, sort TEXT, pubdate TIMESTAMP, series_index REAL, author_sort TEXT, path TEXT, has_cover BOOL,
                last_modified TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00+00:00');
            CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, sort TEXT);
            CREATE TABLE books_authors_link (id INTEGER PRIMARY KEY, book INTEGER, author INTEGER);
            CREATE TABLE series (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE books_series_link (id INTEGER PRIMARY KEY, book INTEGER, series INTEGER);
            CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE books_tags_link (id INTEGER PRIMARY KEY, book INTEGER, tag INTEGER);
            CREATE TABLE publishers (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE books_publishers_link (id INTEGER PRIMARY KEY, book INTEGER, publisher INTEGER);
            CREATE TABLE ratings (id INTEGER PRIMARY KEY, rating INTEGER);
            CREATE TABLE books_ratings_link (id INTEGER PRIMARY KEY, book INTEGER, rating INTEGER);
            CREATE TABLE languages (id INTEGER PRIMARY KEY, lang_code TEXT);
            CREATE TABLE books_languages_link (id INTEGER PRIMARY KEY, book INTEGER, lang_code INTEGER, item_order INTEGER);
            CREATE TABLE identifiers (id INTEGER PRIMARY KEY, book INTEGER, type TEXT, val TEXT);
            CREATE TABLE comments (id INTEGER PRIMARY KEY, book INTEGER, text TEXT);
            CREATE TABLE data (id INTEGER PRIMARY KEY, book INTEGER, format TEXT, uncompressed_size INTEGER, name TEXT);
            INSERT INTO languages (id, lang_code) VALUES (1, 'eng');
            PRAGMA user_version = 25;
            """);
        int next = 1;
        foreach (Book book in Books)
        {
            Run(connection, "INSERT INTO books (id, title, sort, pubdate, series_index, author_sort, path, has_cover) VALUES ($id, $title, $title, $date, $index, $sort, $path, $cover)",
                ("$id", book.Id), ("$title", book.Title), ("$date", (book.Published ?? "0101-01-01") + " 00:00:00+00:00"), ("$index", book.SeriesIndex ?? 1.0),
                ("$sort", book.AuthorSort), ("$path", folders[book.Id]), ("$cover", book.Cover));
            foreach (string author in book.Authors)
            {
                int id = next++;
                Run(connection, "INSERT INTO authors (id, name, sort) VALUES ($id, $name, $name)", ("$id", id), ("$name", author));
                Run(connection, "INSERT INTO books_authors_link (book, author) VALUES ($book, $id)", ("$book", book.Id), ("$id", id));
            }

            foreach (string tag in book.Tags)
            {
                int id = next++;
                Run(connection, "INSERT INTO tags (id, name) VALUES ($id, $name)", ("$id", id), ("$name", tag));
                Run(connection, "INSERT INTO books_tags_link (book, tag) VALUES ($book, $id)", ("$book", book.Id), ("$id", id));
            }

            if (book.Series is not null)
            {
                int id = next++;
                Run(connection, "INSERT INTO series (id, name) VALUES ($id, $name)", ("$id", id), ("$name", book.Series));
                Run(connection, "INSERT INTO books_series_link (book, series) VALUES ($book, $id)", ("$book", book.Id), ("$id", id));
            }

            if (book.Publisher is not null)
            {
                int id = next++;
                Run(connection, "INSERT INTO publishers (id, name) VALUES ($id, $name)", ("$id", id), ("$name", book.Publisher));
                Run(connection, "INSERT INTO books_publishers_link (book, publisher) VALUES ($book, $id)", ("$book", book.Id), ("$id", id));
            }

            if (book.Rating is { } rating)
            {
                int id = next++;
                Run(connection, "INSERT INTO ratings (id, rating) VALUES ($id, $rating)", ("$id", id), ("$rating", rating));
                Run(connection, "INSERT INTO books_ratings_link (book, rating) VALUES ($book, $id)", ("$book", book.Id), ("$id", id));
            }

            if (book.Isbn is not null)
            {
                Run(connection, "INSERT INTO identifiers (book, type, val) VALUES ($book, 'isbn', $isbn)", ("$book", book.Id), ("$isbn", book.Isbn.Replace("-", string.Empty, StringComparison.Ordinal)));
            }

            Run(connection, "INSERT INTO books_languages_link (book, lang_code, item_order) VALUES ($book, 1, 0)", ("$book", book.Id));
            Run(connection, "INSERT INTO comments (book, text) VALUES ($book, $text)", ("$book", book.Id), ("$text", $"<div><p>{SecurityElement.Escape(book.Text)}</p></div>"));
        }
    }

    private static void Run(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
