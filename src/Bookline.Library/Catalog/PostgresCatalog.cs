using Npgsql;

namespace Bookline.Library.Catalog;

/// <summary>
/// The catalog in a PostgreSQL database, shared by many catalogers and searchers: books, a
/// full-text index (tsvector with title, author and text weighted A, B, C; ts_rank ranking;
/// ts_headline snippets) and failures. Schema versioned with migrations that run under an
/// advisory lock, so processes opening the catalog at once upgrade it once.
/// </summary>
/// <remarks>
/// Search takes web-search syntax: words, "phrases", OR, and -word to exclude; it never fails on a
/// malformed query. Words are stemmed (English) and accents removed, which needs the unaccent
/// extension (PostgreSQL's contrib): the first opening creates it, so that user needs the right to,
/// or an administrator creates it beforehand. A book whose text would make a tsvector over
/// PostgreSQL's 1 MB limit is indexed without word positions (coarser ranking, no phrase match),
/// and, if that is still too large, only as far into its text as fits (SQLite has no such limit).
/// Writes are stamped by the server's clock (a failure's own time is not kept), so that
/// processes on many machines agree on what happened since when.
/// Safe to use from many threads: each call takes a pooled connection.
/// </remarks>
public sealed class PostgresCatalog : ICatalog
{
    private const long MigrationLock = 0x626f6f6b6c696e65; // "bookline"

    /// <summary>Each entry upgrades the schema by one version; never edit one that has shipped, add another.</summary>
    private static readonly (string Sql, Action<NpgsqlConnection, NpgsqlTransaction>? Then)[] Migrations =
    [
        ("""
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE TEXT SEARCH CONFIGURATION bookline_english (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION bookline_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        CREATE FUNCTION bookline_tsv(title text, author text, body text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE AS $$
        DECLARE head tsvector := setweight(to_tsvector('bookline_english', coalesce(title, '')), 'A')
                              || setweight(to_tsvector('bookline_english', coalesce(author, '')), 'B');
                size integer := length(body);
        BEGIN
            RETURN head || setweight(to_tsvector('bookline_english', body), 'C');
        EXCEPTION WHEN program_limit_exceeded THEN
            -- Over the 1 MB tsvector limit: no positions, and as much of the text as then fits.
            LOOP
                BEGIN
                    RETURN head || strip(to_tsvector('bookline_english', left(body, size)));
                EXCEPTION WHEN program_limit_exceeded THEN
                    size := size * 3 / 4;
                END;
            END LOOP;
        END $$;
        CREATE TABLE books (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            shelf text NOT NULL,
            path text NOT NULL UNIQUE,
            format text NOT NULL,
            title text NOT NULL,
            author text,
            language text,
            pages integer,
            words integer NOT NULL,
            bytes bigint NOT NULL,
            sha256 text NOT NULL,
            modified_utc timestamptz NOT NULL,
            encoding text,
            warnings text,
            status text NOT NULL DEFAULT 'present',
            cataloged_utc timestamptz NOT NULL,
            updated_utc timestamptz NOT NULL,
            body text NOT NULL,
            tsv tsvector NOT NULL);
        CREATE INDEX books_shelf ON books (shelf);
        CREATE INDEX books_tsv ON books USING gin (tsv);
        CREATE TABLE failures (
            path text PRIMARY KEY,
            shelf text NOT NULL,
            stage text NOT NULL,
            reason text NOT NULL,
            attempts integer NOT NULL,
            failed_utc timestamptz NOT NULL);
        """, null),
        // Version 2: ts_headline re-reads the text it quotes, so it was given only a book's first 200,000
        // characters, and a word further in was never quoted. The text is stored once more cut into passages,
        // and the snippet is made from the first passage of a book that matches.
        ("""
        CREATE TABLE passages (
            book_id bigint NOT NULL REFERENCES books (id) ON DELETE CASCADE,
            n integer NOT NULL,
            body text NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('bookline_english'::regconfig, body)) STORED,
            PRIMARY KEY (book_id, n));
        """, static (connection, transaction) => CutIntoPassages(connection, transaction)),
        // Version 3: snippets mark matched words with two control characters, which a book's text could hold
        // too and so forge a mark. Text is cleaned of them as it is written (SnippetMarks.CleanText); this cleans
        // what was written before (the passages' vectors are generated, so they follow).
        ("""
        UPDATE passages SET body = translate(body, E'\x02\x03', '  ') WHERE strpos(body, E'\x02') > 0 OR strpos(body, E'\x03') > 0;
        UPDATE books SET body = translate(body, E'\x02\x03', '  ') WHERE strpos(body, E'\x02') > 0 OR strpos(body, E'\x03') > 0;
        """, null),
        // Version 4: all of a book's metadata (authors, series, identifiers …) as JSON (MetadataJson), and its cover.
        ("""
        ALTER TABLE books ADD COLUMN metadata text;
        ALTER TABLE books ADD COLUMN cover text;
        """, null),
        // Version 5: a book is a work with files (formats). Each book so far was one file: it becomes a book
        // keyed by that file's path, with that one file; a rescan regroups them. The book keeps its main file's
        // columns (path, format …) for reading; its path is no longer unique.
        ("""
        CREATE TABLE files (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            book_id bigint NOT NULL,
            path text NOT NULL UNIQUE,
            format text NOT NULL,
            pages integer,
            words integer NOT NULL,
            bytes bigint NOT NULL,
            sha256 text NOT NULL,
            modified_utc timestamptz NOT NULL,
            encoding text,
            warnings text,
            status text NOT NULL DEFAULT 'present',
            updated_utc timestamptz NOT NULL);
        CREATE INDEX files_book ON files (book_id);
        CREATE INDEX files_sha256 ON files (sha256);
        INSERT INTO files (book_id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc)
            SELECT id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc FROM books;
        ALTER TABLE books ADD COLUMN key text;
        UPDATE books SET key = path;
        ALTER TABLE books ALTER COLUMN key SET NOT NULL;
        ALTER TABLE books ADD CONSTRAINT books_key_unique UNIQUE (key);
        ALTER TABLE books DROP CONSTRAINT IF EXISTS books_path_key;
        """, null),
        // Version 6: the sidecars a complete scan found (metadata.opf, covers, calibre's database), for status to count.
        ("""
        CREATE TABLE sidecars (path text PRIMARY KEY, kind text NOT NULL);
        """, null),
    ];

    private readonly NpgsqlDataSource _source;

    private PostgresCatalog(NpgsqlDataSource source, string location)
    {
        _source = source;
        Location = location;
    }

    /// <summary>The schema version this code writes.</summary>
    public static int CurrentSchemaVersion => Migrations.Length;

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The database's schema version.</summary>
    public int SchemaVersion
    {
        get
        {
            using NpgsqlConnection connection = _source.OpenConnection();
            return ReadVersion(connection, null);
        }
    }

    /// <summary>Opens (creating or upgrading) the catalog in a database.</summary>
    /// <param name="url">postgres://user:password@host:port/database; a missing password is taken from PGPASSWORD.</param>
    /// <returns>The open catalog.</returns>
    /// <exception cref="ArgumentException">The URL is not a postgres:// URL.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refused the connection.</exception>
    public static PostgresCatalog Open(string url)
    {
        NpgsqlConnectionStringBuilder builder = ToConnectionString(url);
        NpgsqlDataSource source = NpgsqlDataSource.Create(builder);
        try
        {
            var catalog = new PostgresCatalog(source, $"postgres://{builder.Host}:{builder.Port}/{builder.Database}");
            catalog.Migrate();
            return catalog;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Turns a postgres:// URL into connection settings.</summary>
    /// <param name="url">postgres://user:password@host:port/database?option=value.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">The URL is not a postgres:// URL.</exception>
    public static NpgsqlConnectionStringBuilder ToConnectionString(string url)
    {
        if (!CatalogLocation.IsPostgres(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{url}' is not a PostgreSQL address: write postgres://user:password@host:port/database.", nameof(url));
        }

        string[] user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')) is { Length: > 0 } database ? database : "postgres",
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : Environment.UserName,
            ApplicationName = "bookline",
        };
        if (user.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(parts[0])] = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        return builder;
    }

    /// <inheritdoc />
    public IReadOnlyList<long> Write(IReadOnlyList<(CatalogBook Book, string Text)> books)
    {
        ArgumentNullException.ThrowIfNull(books);
        using NpgsqlConnection connection = _source.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        var ids = new List<long>(books.Count);
        foreach (var (book, text) in books)
        {
            // PostgreSQL text cannot hold NUL characters, which damaged files do contain, in their text or their metadata;
            // the text also loses the other control characters, which could forge a snippet's marks.
            string body = SnippetMarks.CleanText(text);
            using NpgsqlCommand upsert = Command(connection, transaction, """
                INSERT INTO books (key, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, metadata, cover, status, cataloged_utc, updated_utc, body, tsv)
                VALUES (@key, @shelf, @path, @format, @title, @author, @language, @pages, @words, @bytes, @sha256, @modified, @encoding, @warnings, @metadata, @cover, 'present', clock_timestamp(), clock_timestamp(), @body,
                    bookline_tsv(@searchtitle, @searchauthors, @body))
                ON CONFLICT (key) DO UPDATE SET shelf = excluded.shelf, path = excluded.path, format = excluded.format, title = excluded.title, author = excluded.author,
                    language = excluded.language, pages = excluded.pages, words = excluded.words, bytes = excluded.bytes, sha256 = excluded.sha256,
                    modified_utc = excluded.modified_utc, encoding = excluded.encoding, warnings = excluded.warnings, metadata = excluded.metadata,
                    cover = excluded.cover, status = 'present', updated_utc = excluded.updated_utc, body = excluded.body, tsv = excluded.tsv
                RETURNING id
                """,
                ("key", book.BookKey), ("shelf", book.Shelf), ("path", book.Path), ("format", book.Format), ("title", WithoutNul(book.Title)), ("author", WithoutNul(book.Author)),
                ("language", WithoutNul(book.Language)), ("pages", book.Pages), ("words", book.Words), ("bytes", book.Bytes), ("sha256", book.Sha256),
                ("modified", book.ModifiedUtc.ToUniversalTime()), ("encoding", WithoutNul(book.Encoding)), ("warnings", WithoutNul(book.Warnings)),
                ("metadata", WithoutNul(MetadataJson.Write(book.Metadata))), ("cover", WithoutNul(book.Cover)),
                ("searchtitle", WithoutNul(MetadataJson.SearchTitle(book))), ("searchauthors", WithoutNul(MetadataJson.SearchAuthors(book))), ("body", body));
            long id = (long)upsert.ExecuteScalar()!;
            ids.Add(id);
            WritePassages(connection, transaction, id, body);
            WriteFiles(connection, transaction, id, book.AllFiles);
        }

        transaction.Commit();
        return ids;
    }

    /// <summary>
    /// Makes a book's files exactly these: its other files go, a file another book had moves here (and
    /// that book, left without files, is removed), and each file's old failure is cleared.
    /// </summary>
    private static void WriteFiles(NpgsqlConnection connection, NpgsqlTransaction transaction, long bookId, IReadOnlyList<CatalogFile> files)
    {
        string[] paths = [.. files.Select(f => f.Path)];
        var others = new List<long>();
        using (NpgsqlCommand owners = Command(connection, transaction, "SELECT DISTINCT book_id FROM files WHERE path = ANY(@paths) AND book_id <> @book", ("paths", paths), ("book", bookId)))
        using (NpgsqlDataReader reader = owners.ExecuteReader())
        {
            while (reader.Read())
            {
                others.Add(reader.GetInt64(0));
            }
        }

        Run(connection, transaction, "DELETE FROM files WHERE book_id = @book AND NOT (path = ANY(@paths))", ("book", bookId), ("paths", paths));
        foreach (CatalogFile file in files)
        {
            Run(connection, transaction, """
                INSERT INTO files (book_id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc)
                VALUES (@book, @path, @format, @pages, @words, @bytes, @sha256, @modified, @encoding, @warnings, 'present', clock_timestamp())
                ON CONFLICT (path) DO UPDATE SET book_id = excluded.book_id, format = excluded.format, pages = excluded.pages, words = excluded.words,
                    bytes = excluded.bytes, sha256 = excluded.sha256, modified_utc = excluded.modified_utc, encoding = excluded.encoding,
                    warnings = excluded.warnings, status = 'present', updated_utc = excluded.updated_utc
                """,
                ("book", bookId), ("path", file.Path), ("format", file.Format), ("pages", file.Pages), ("words", file.Words), ("bytes", file.Bytes),
                ("sha256", file.Sha256), ("modified", file.ModifiedUtc.ToUniversalTime()), ("encoding", WithoutNul(file.Encoding)), ("warnings", WithoutNul(file.Warnings)));
        }

        Run(connection, transaction, "DELETE FROM failures WHERE path = ANY(@paths)", ("paths", paths));
        if (others.Count > 0)
        {
            Run(connection, transaction, """
                UPDATE books b SET status = 'removed', updated_utc = clock_timestamp()
                WHERE b.id = ANY(@others) AND NOT EXISTS (SELECT 1 FROM files f WHERE f.book_id = b.id AND f.status = 'present')
                """, ("others", others.ToArray()));
        }
    }

    /// <inheritdoc />
    public void RecordFailure(CatalogFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        using NpgsqlConnection connection = _source.OpenConnection();
        Run(connection, null, """
            INSERT INTO failures (path, shelf, stage, reason, attempts, failed_utc) VALUES (@path, @shelf, @stage, @reason, @attempts, clock_timestamp())
            ON CONFLICT (path) DO UPDATE SET shelf = excluded.shelf, stage = excluded.stage, reason = excluded.reason, attempts = excluded.attempts, failed_utc = excluded.failed_utc
            """,
            ("path", failure.Path), ("shelf", failure.Shelf), ("stage", failure.Stage), ("reason", WithoutNul(failure.Reason)), ("attempts", failure.Attempts));
    }

    /// <inheritdoc />
    /// <remarks>Web-search syntax: words, "phrases", OR, -word; never malformed.</remarks>
    public IReadOnlyList<SearchHit> Search(string query, SearchFilter? filter = null, int limit = 20)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        filter ??= new SearchFilter();
        using NpgsqlConnection connection = _source.OpenConnection();
        // Rank and filter on the index first; then quote, for the page of hits only, each book's first passage that matches.
        using NpgsqlCommand command = Command(connection, null, """
            WITH q AS (SELECT websearch_to_tsquery('bookline_english', @query) AS query),
            hits AS (
                SELECT b.id, b.title, b.author, b.shelf, b.format, b.path, ts_rank(b.tsv, q.query) AS rank, q.query
                FROM books b, q
                WHERE b.tsv @@ q.query AND b.status = 'present'
                  AND (@shelf::text IS NULL OR b.shelf = @shelf)
                  AND (@format::text IS NULL OR EXISTS (SELECT 1 FROM files x WHERE x.book_id = b.id AND x.format = @format AND x.status = 'present'))
                  AND (@author::text IS NULL OR b.author ILIKE '%' || @author || '%')
                ORDER BY rank DESC, b.id
                LIMIT @limit)
            SELECT id, title, author, shelf, format, path,
                   coalesce((SELECT ts_headline('bookline_english', p.body, hits.query, @options) FROM passages p
                             WHERE p.book_id = hits.id AND p.tsv @@ hits.query ORDER BY p.n LIMIT 1), ''), -rank
            FROM hits ORDER BY rank DESC, id
            """,
            ("query", query), ("shelf", filter.Shelf), ("format", filter.Format), ("author", filter.Author), ("limit", limit),
            ("options", $"StartSel={SnippetMarks.Start}, StopSel={SnippetMarks.End}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=…"));
        using NpgsqlDataReader reader = command.ExecuteReader();
        var hits = new List<SearchHit>();
        while (reader.Read())
        {
            (string snippet, IReadOnlyList<Highlight> highlights) = SnippetMarks.Parse(reader.GetString(6));
            hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), snippet, reader.GetFloat(7)) { Highlights = highlights });
        }

        return hits;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, KnownFile> KnownFiles()
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        var files = new Dictionary<string, KnownFile>(StringComparer.Ordinal);
        using NpgsqlCommand command = Command(connection, null, """
            SELECT f.path, b.key, f.bytes, f.modified_utc, f.sha256, b.updated_utc FROM files f JOIN books b ON b.id = f.book_id
            WHERE f.status = 'present' AND b.status = 'present'
            """);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            files[reader.GetString(0)] = new KnownFile(reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4))
            {
                BookUpdatedUtc = reader.GetFieldValue<DateTimeOffset>(5),
            };
        }

        return files;
    }

    /// <inheritdoc />
    /// <remarks>Nothing to do: the server's autovacuum merges the GIN index's pending entries itself.</remarks>
    public void Optimize()
    {
    }

    /// <inheritdoc />
    public int MarkRemovedExcept(IReadOnlySet<string> seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        using NpgsqlConnection connection = _source.OpenConnection();
        string[] paths = [.. seen];
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        Run(connection, transaction, "UPDATE files SET status = 'removed', updated_utc = clock_timestamp() WHERE status = 'present' AND NOT (path = ANY(@seen))", ("seen", paths));
        using NpgsqlCommand command = Command(connection, transaction, """
            UPDATE books b SET status = 'removed', updated_utc = clock_timestamp()
            WHERE b.status = 'present' AND NOT EXISTS (SELECT 1 FROM files f WHERE f.book_id = b.id AND f.status = 'present')
            """);
        int removed = command.ExecuteNonQuery();
        // A failure of a file that is no longer there is no longer a failure of the library.
        Run(connection, transaction, "DELETE FROM failures WHERE NOT (path = ANY(@seen))", ("seen", paths));
        transaction.Commit();
        return removed;
    }

    /// <inheritdoc />
    public IReadOnlyList<CatalogBook> Books()
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        // Two readers at once need two connections: the files are read first, whole, then the books.
        using NpgsqlConnection second = _source.OpenConnection();
        using NpgsqlCommand files = Command(connection, null, $"""
            SELECT f.{CatalogRows.FileColumns.Replace(", ", ", f.", StringComparison.Ordinal)}
            FROM files f JOIN books b ON b.id = f.book_id WHERE f.status = 'present' AND b.status = 'present' ORDER BY f.book_id, f.path = b.path DESC, f.path
            """);
        using NpgsqlCommand books = Command(second, null, $"SELECT {CatalogRows.BookColumns} FROM books WHERE status = 'present' ORDER BY id");
        using NpgsqlDataReader fileRows = files.ExecuteReader();
        using NpgsqlDataReader bookRows = books.ExecuteReader();
        return CatalogRows.ReadBooks(bookRows, fileRows);
    }

    /// <inheritdoc />
    public void ReplaceSidecars(IReadOnlyDictionary<string, string> sidecars)
    {
        ArgumentNullException.ThrowIfNull(sidecars);
        using NpgsqlConnection connection = _source.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        Run(connection, transaction, "DELETE FROM sidecars");
        Run(connection, transaction, "INSERT INTO sidecars (path, kind) SELECT * FROM unnest(@paths, @kinds)",
            ("paths", sidecars.Keys.Select(WithoutNul).ToArray()), ("kinds", sidecars.Values.ToArray()));
        transaction.Commit();
    }

    /// <inheritdoc />
    public CatalogBook? Find(long id) => FindWhere("id = @key", id);

    /// <inheritdoc />
    public CatalogBook? FindByPath(string path) => FindWhere("id = (SELECT book_id FROM files WHERE path = @key)", path);

    /// <inheritdoc />
    public CatalogStatus GetStatus()
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        return new CatalogStatus(
            Count(connection, "SELECT count(*) FROM books WHERE status = 'present'"),
            Count(connection, "SELECT count(*) FROM failures"),
            Counts(connection, "SELECT shelf, count(*) FROM books WHERE status = 'present' GROUP BY shelf ORDER BY shelf"),
            Counts(connection, """
                SELECT f.format, count(DISTINCT f.book_id) FROM files f JOIN books b ON b.id = f.book_id
                WHERE f.status = 'present' AND b.status = 'present' GROUP BY f.format ORDER BY f.format
                """))
        {
            Files = Count(connection, "SELECT count(*) FROM files f JOIN books b ON b.id = f.book_id WHERE f.status = 'present' AND b.status = 'present'"),
            Sidecars = Counts(connection, "SELECT kind, count(*) FROM sidecars GROUP BY kind ORDER BY kind"),
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<CatalogFailure> Failures()
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        using NpgsqlCommand command = Command(connection, null, "SELECT path, shelf, stage, reason, attempts, failed_utc FROM failures ORDER BY shelf, path");
        using NpgsqlDataReader reader = command.ExecuteReader();
        var failures = new List<CatalogFailure>();
        while (reader.Read())
        {
            failures.Add(new CatalogFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return failures;
    }

    /// <inheritdoc />
    public DateTimeOffset Now()
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        using NpgsqlCommand command = Command(connection, null, "SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)command.ExecuteScalar()!, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public CatalogOutcomes OutcomesSince(IReadOnlyCollection<string> paths, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using NpgsqlConnection connection = _source.OpenConnection();
        using NpgsqlCommand command = Command(connection, null, """
            SELECT outcome, count(*)::int FROM (
                SELECT DISTINCT ON (path) path, outcome FROM (
                    SELECT path, updated_utc AS at, 'book' AS outcome FROM files WHERE updated_utc >= @since AND status = 'present' AND path = ANY(@paths)
                    UNION ALL
                    SELECT path, failed_utc, CASE stage WHEN 'skipped' THEN 'skipped' ELSE 'failed' END FROM failures WHERE failed_utc >= @since AND path = ANY(@paths)
                ) o ORDER BY path, at DESC
            ) latest GROUP BY outcome
            """, ("since", since.ToUniversalTime()), ("paths", paths.ToArray()));
        using NpgsqlDataReader reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return new CatalogOutcomes(counts.GetValueOrDefault("book"), counts.GetValueOrDefault("skipped"), counts.GetValueOrDefault("failed"));
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        Run(connection, transaction, "CREATE TABLE IF NOT EXISTS bookline_schema (version integer NOT NULL)");
        using NpgsqlCommand command = Command(connection, transaction, "SELECT max(version) FROM bookline_schema");
        return command.ExecuteScalar() is int version ? version : 0;
    }

    private static void Run(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using NpgsqlCommand command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value)); // an untyped null: the server infers its type
        }

        return command;
    }

    private static long Count(NpgsqlConnection connection, string sql)
    {
        using NpgsqlCommand command = Command(connection, null, sql);
        return (long)command.ExecuteScalar()!;
    }

    private static Dictionary<string, long> Counts(NpgsqlConnection connection, string sql)
    {
        using NpgsqlCommand command = Command(connection, null, sql);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private void Migrate()
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        // Many workers may open a new catalog at once: one migrates, the others wait and find it done.
        Run(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLock));
        int version = ReadVersion(connection, transaction);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException($"The catalog was written by a newer Bookline (schema {version}; this one knows up to {Migrations.Length}).");
        }

        for (; version < Migrations.Length; version++)
        {
            Run(connection, transaction, Migrations[version].Sql);
            Migrations[version].Then?.Invoke(connection, transaction);
            Run(connection, transaction, "INSERT INTO bookline_schema (version) VALUES (@version)", ("version", version + 1));
        }

        transaction.Commit();
    }

    private static string? WithoutNul(string? text) => text?.Replace("\0", string.Empty, StringComparison.Ordinal);

    /// <summary>Replaces a book's passages with its text cut anew; the index of each passage is computed by the server.</summary>
    private static void WritePassages(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string body)
    {
        Run(connection, transaction, "DELETE FROM passages WHERE book_id = @id", ("id", id));
        using NpgsqlBinaryImporter import = connection.BeginBinaryImport("COPY passages (book_id, n, body) FROM STDIN (FORMAT BINARY)");
        int n = 0;
        foreach (ReadOnlyMemory<char> passage in TextPassages.Split(body))
        {
            import.WriteRow(id, n++, passage.ToString());
        }

        import.Complete();
    }

    /// <summary>Migration 2: every book's text is cut into passages.</summary>
    private static void CutIntoPassages(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var ids = new List<long>();
        using (NpgsqlCommand command = Command(connection, transaction, "SELECT id FROM books"))
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        foreach (long id in ids)
        {
            using NpgsqlCommand read = Command(connection, transaction, "SELECT body FROM books WHERE id = @id", ("id", id));
            WritePassages(connection, transaction, id, (string)read.ExecuteScalar()!);
        }
    }

    private CatalogBook? FindWhere(string condition, object key)
    {
        using NpgsqlConnection connection = _source.OpenConnection();
        CatalogBook book;
        using (NpgsqlCommand command = Command(connection, null, $"SELECT {CatalogRows.BookColumns} FROM books WHERE {condition}", ("key", key)))
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            book = CatalogRows.ReadBook(reader);
        }

        using NpgsqlCommand files = Command(connection, null, $"""
            SELECT {CatalogRows.FileColumns} FROM files WHERE book_id = @book AND status = 'present' ORDER BY path = @main DESC, path
            """, ("book", book.Id), ("main", book.Path));
        using NpgsqlDataReader rows = files.ExecuteReader();
        var list = new List<CatalogFile>();
        while (rows.Read())
        {
            list.Add(CatalogRows.ReadFile(rows).File);
        }

        return book with { Files = list };
    }
}
