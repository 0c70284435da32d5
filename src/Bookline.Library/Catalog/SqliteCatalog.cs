using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bookline.Library.Catalog;

/// <summary>
/// The catalog in one SQLite file: books, a full-text index (FTS5, bm25 ranking, snippets) and
/// failures. WAL journal, schema versioned with migrations, every value passed as a parameter.
/// One instance is one connection: use it from one writer at a time.
/// </summary>
public sealed class SqliteCatalog : ICatalog
{
    /// <summary>Each entry upgrades the schema by one version; never edit one that has shipped, add another.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE books (
            id INTEGER PRIMARY KEY,
            shelf TEXT NOT NULL,
            path TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            title TEXT NOT NULL,
            author TEXT,
            language TEXT,
            pages INTEGER,
            words INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            modified_utc TEXT NOT NULL,
            encoding TEXT,
            warnings TEXT,
            status TEXT NOT NULL DEFAULT 'present',
            cataloged_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL);
        CREATE INDEX books_shelf ON books(shelf);
        CREATE VIRTUAL TABLE books_fts USING fts5(title, author, body, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TABLE failures (
            path TEXT PRIMARY KEY,
            shelf TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            failed_utc TEXT NOT NULL);
        """,
    ];

    private readonly SqliteConnection _connection;

    private SqliteCatalog(SqliteConnection connection, string path)
    {
        _connection = connection;
        Location = Path.GetFullPath(path);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>How long a write waits for another connection's lock before it fails (whole seconds, at least one).</summary>
    internal TimeSpan BusyTimeout
    {
        set
        {
            // The provider retries a busy statement itself until its command timeout; SQLite's own wait comes first.
            int seconds = Math.Max(1, (int)value.TotalSeconds);
            Execute(_connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {seconds * 1000};"));
            _connection.DefaultTimeout = seconds;
        }
    }

    /// <summary>The schema version this code writes.</summary>
    public static int CurrentSchemaVersion => Migrations.Length;

    /// <summary>Opens (creating or upgrading) the catalog file.</summary>
    /// <param name="path">The catalog file, for example ./bookline.db.</param>
    /// <returns>The open catalog.</returns>
    public static SqliteCatalog Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
            var catalog = new SqliteCatalog(connection, path);
            catalog.Migrate();
            return catalog;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The schema version of the open file.</summary>
    public int SchemaVersion => Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public IReadOnlyList<long> Write(IReadOnlyList<(CatalogBook Book, string Text)> books)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        var ids = new List<long>(books.Count);
        string now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (var (book, text) in books)
        {
            using SqliteCommand upsert = Command(transaction, """
                INSERT INTO books (shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, cataloged_utc, updated_utc)
                VALUES ($shelf, $path, $format, $title, $author, $language, $pages, $words, $bytes, $sha256, $modified, $encoding, $warnings, 'present', $now, $now)
                ON CONFLICT(path) DO UPDATE SET shelf = excluded.shelf, format = excluded.format, title = excluded.title, author = excluded.author,
                    language = excluded.language, pages = excluded.pages, words = excluded.words, bytes = excluded.bytes, sha256 = excluded.sha256,
                    modified_utc = excluded.modified_utc, encoding = excluded.encoding, warnings = excluded.warnings, status = 'present', updated_utc = excluded.updated_utc
                RETURNING id
                """,
                ("$shelf", book.Shelf), ("$path", book.Path), ("$format", book.Format), ("$title", book.Title), ("$author", book.Author),
                ("$language", book.Language), ("$pages", book.Pages), ("$words", book.Words), ("$bytes", book.Bytes), ("$sha256", book.Sha256),
                ("$modified", book.ModifiedUtc.ToString("O", CultureInfo.InvariantCulture)), ("$encoding", book.Encoding), ("$warnings", book.Warnings), ("$now", now));
            long id = (long)upsert.ExecuteScalar()!;
            Run(transaction, "DELETE FROM books_fts WHERE rowid = $id", ("$id", id));
            Run(transaction, "INSERT INTO books_fts (rowid, title, author, body) VALUES ($id, $title, $author, $body)", ("$id", id), ("$title", book.Title), ("$author", book.Author), ("$body", text));
            Run(transaction, "DELETE FROM failures WHERE path = $path", ("$path", book.Path));
            ids.Add(id);
        }

        transaction.Commit();
        return ids;
    }

    /// <inheritdoc />
    public void RecordFailure(CatalogFailure failure)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        Run(transaction, """
            INSERT INTO failures (path, shelf, stage, reason, attempts, failed_utc) VALUES ($path, $shelf, $stage, $reason, $attempts, $failed)
            ON CONFLICT(path) DO UPDATE SET shelf = excluded.shelf, stage = excluded.stage, reason = excluded.reason, attempts = excluded.attempts, failed_utc = excluded.failed_utc
            """,
            ("$path", failure.Path), ("$shelf", failure.Shelf), ("$stage", failure.Stage), ("$reason", failure.Reason), ("$attempts", failure.Attempts),
            ("$failed", failure.FailedUtc.ToString("O", CultureInfo.InvariantCulture)));
        transaction.Commit();
    }

    /// <inheritdoc />
    /// <remarks>FTS5 query syntax: words, "phrases", AND / OR / NOT, prefix*.</remarks>
    public IReadOnlyList<SearchHit> Search(string query, SearchFilter? filter = null, int limit = 20)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        filter ??= new SearchFilter();
        // Rank and filter first, then make snippets for the page of hits only: snippet() re-reads a
        // book's text, and for a common word on a large library it would otherwise run on every match.
        using SqliteCommand command = Command(null, """
            WITH top AS (
                SELECT f.rowid AS id, bm25(books_fts, 10.0, 5.0, 1.0) AS rank
                FROM books_fts f JOIN books b ON b.id = f.rowid
                WHERE books_fts MATCH $query AND b.status = 'present'
                  AND ($shelf IS NULL OR b.shelf = $shelf)
                  AND ($format IS NULL OR b.format = $format)
                  AND ($author IS NULL OR b.author LIKE '%' || $author || '%')
                ORDER BY rank
                LIMIT $limit)
            SELECT b.id, b.title, b.author, b.shelf, b.format, b.path,
                   snippet(books_fts, 2, $start, $end, '…', 16), top.rank
            FROM books_fts JOIN top ON top.id = books_fts.rowid JOIN books b ON b.id = books_fts.rowid
            WHERE books_fts MATCH $query
            ORDER BY top.rank
            """,
            ("$query", query), ("$start", SearchHit.HighlightStart), ("$end", SearchHit.HighlightEnd), ("$shelf", filter.Shelf), ("$format", filter.Format),
            ("$author", filter.Author), ("$limit", limit));
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            var hits = new List<SearchHit>();
            while (reader.Read())
            {
                hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetDouble(7)));
            }

            return hits;
        }
        catch (SqliteException exception) when (exception.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase) || exception.SqliteErrorCode == 1)
        {
            throw new CatalogQueryException($"Cannot search for '{query}': {exception.Message.Replace("SQLite Error 1: ", string.Empty, StringComparison.Ordinal).Trim('\'', '.')}. Put words with symbols in double quotes.", exception);
        }
    }

    /// <inheritdoc />
    public (IReadOnlyDictionary<string, (long Bytes, DateTimeOffset ModifiedUtc, string Sha256)> Books, IReadOnlySet<string> Failed) KnownFiles()
    {
        var books = new Dictionary<string, (long, DateTimeOffset, string)>(StringComparer.Ordinal);
        using (SqliteCommand command = Command(null, "SELECT path, bytes, modified_utc, sha256 FROM books WHERE status = 'present'"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                books[reader.GetString(0)] = (reader.GetInt64(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), reader.GetString(3));
            }
        }

        var failed = new HashSet<string>(StringComparer.Ordinal);
        using (SqliteCommand command = Command(null, "SELECT path FROM failures"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                failed.Add(reader.GetString(0));
            }
        }

        return (books, failed);
    }

    /// <inheritdoc />
    public int MarkRemovedExcept(IReadOnlySet<string> seen)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        var gone = new List<string>();
        using (SqliteCommand command = Command(transaction, "SELECT path FROM books WHERE status = 'present'"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!seen.Contains(reader.GetString(0)))
                {
                    gone.Add(reader.GetString(0));
                }
            }
        }

        foreach (string path in gone)
        {
            Run(transaction, "UPDATE books SET status = 'removed', updated_utc = $now WHERE path = $path",
                ("$path", path), ("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        }

        transaction.Commit();
        return gone.Count;
    }

    /// <inheritdoc />
    public CatalogBook? Find(long id) => FindWhere("b.id = $key", ("$key", id));

    /// <inheritdoc />
    public CatalogBook? FindByPath(string path) => FindWhere("b.path = $key", ("$key", path));

    /// <inheritdoc />
    public CatalogStatus GetStatus()
    {
        return new CatalogStatus(
            Convert.ToInt64(Scalar("SELECT count(*) FROM books WHERE status = 'present'"), CultureInfo.InvariantCulture),
            Convert.ToInt64(Scalar("SELECT count(*) FROM failures"), CultureInfo.InvariantCulture),
            Counts("SELECT shelf, count(*) FROM books WHERE status = 'present' GROUP BY shelf ORDER BY shelf"),
            Counts("SELECT format, count(*) FROM books WHERE status = 'present' GROUP BY format ORDER BY format"));
    }

    /// <inheritdoc />
    public IReadOnlyList<CatalogFailure> Failures()
    {
        using SqliteCommand command = Command(null, "SELECT path, shelf, stage, reason, attempts, failed_utc FROM failures ORDER BY shelf, path");
        using SqliteDataReader reader = command.ExecuteReader();
        var failures = new List<CatalogFailure>();
        while (reader.Read())
        {
            failures.Add(new CatalogFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }

        return failures;
    }

    /// <inheritdoc />
    public DateTimeOffset Now() => DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public CatalogOutcomes OutcomesSince(IReadOnlyCollection<string> paths, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var wanted = paths as IReadOnlySet<string> ?? paths.ToHashSet(StringComparer.Ordinal);
        string from = since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        var latest = new Dictionary<string, (string When, string Outcome)>(StringComparer.Ordinal);
        void Read(string sql)
        {
            using SqliteCommand command = Command(null, sql, ("$since", from));
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string path = reader.GetString(0);
                if (wanted.Contains(path) && (!latest.TryGetValue(path, out var seen) || string.CompareOrdinal(reader.GetString(1), seen.When) > 0))
                {
                    latest[path] = (reader.GetString(1), reader.GetString(2));
                }
            }
        }

        // ISO 8601 in UTC with a fixed width: text order is time order.
        Read("SELECT path, updated_utc, 'book' FROM books WHERE updated_utc >= $since");
        Read("SELECT path, failed_utc, CASE stage WHEN 'skipped' THEN 'skipped' ELSE 'failed' END FROM failures WHERE failed_utc >= $since");
        return new CatalogOutcomes(
            latest.Values.Count(v => v.Outcome == "book"), latest.Values.Count(v => v.Outcome == "skipped"), latest.Values.Count(v => v.Outcome == "failed"));
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void Migrate()
    {
        int version = SchemaVersion;
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException($"The catalog was written by a newer Bookline (schema {version}; this one knows up to {Migrations.Length}).");
        }

        for (; version < Migrations.Length; version++)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            Run(transaction, Migrations[version]);
            Run(transaction, $"PRAGMA user_version = {version + 1}");
            transaction.Commit();
        }
    }

    private CatalogBook? FindWhere(string condition, (string Name, object? Value) key)
    {
        using SqliteCommand command = Command(null, $"""
            SELECT id, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings
            FROM books b WHERE {condition}
            """, key);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new CatalogBook(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(5), Text(6),
            reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetInt32(8), reader.GetInt64(9), reader.GetString(10),
            DateTimeOffset.Parse(reader.GetString(11), CultureInfo.InvariantCulture), Text(12), Text(13))
        { Id = reader.GetInt64(0) };
    }

    private Dictionary<string, long> Counts(string sql)
    {
        using SqliteCommand command = Command(null, sql);
        using SqliteDataReader reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private object? Scalar(string sql)
    {
        using SqliteCommand command = Command(null, sql);
        return command.ExecuteScalar();
    }

    private void Run(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
