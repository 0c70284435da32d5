using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Bookline.Library.Catalog;
using Bookline.Library.Search;
using Microsoft.Data.Sqlite;

namespace Bookline.Catalog.Sqlite;

/// <summary>
/// The catalog in one SQLite file: books with their files, a full-text index (FTS5, bm25 ranking,
/// snippets), failures and skipped files. WAL journal, schema versioned with migrations, every value
/// passed as a parameter. Safe from many threads: writes go one at a time through one connection,
/// and reads through a pool of read-only connections, which WAL lets read while a write is under way.
/// </summary>
/// <remarks>
/// SQLite's calls are synchronous (a local file); the asynchronous methods run them on the caller's
/// thread and return completed tasks. SQLite's errors come out as <see cref="CatalogException"/>s.
/// </remarks>
public sealed class SqliteCatalog : ICatalog, ISearchStore
{
    /// <summary>FTS5's command that merges each full-text index into one segment.</summary>
    private const string MergeSegments =
        "INSERT INTO books_index (books_index) VALUES ('optimize'); INSERT INTO fields_index (fields_index) VALUES ('optimize'); INSERT INTO passage_index (passage_index) VALUES ('optimize');";

    /// <summary>Version 2's merge, for the migration that still writes its tables.</summary>
    private const string MergeSegmentsVersion2 = "INSERT INTO books_index (books_index) VALUES ('optimize'); INSERT INTO passages (passages) VALUES ('optimize');";

    /// <summary>
    /// The indexes since version 8 are given Bookline's own words (SearchText), already folded: the tokenizer only splits at the
    /// spaces between them, so that SQLite and PostgreSQL index the same words.
    /// </summary>
    private const string WordTokenizer = "tokenize = 'unicode61 remove_diacritics 0'";

    private const string Tokenizer = "tokenize = 'porter unicode61 remove_diacritics 2'";

    /// <summary>Each entry upgrades the schema by one version; never edit one that has shipped, add another.</summary>
    private static readonly (string Sql, Action<SqliteCatalog, SqliteTransaction>? Then)[] Migrations =
    [
        (
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
        """, null),
        // Version 2: snippet() re-tokenizes the whole column it quotes, which took up to 400 ms per search on
        // books of several MB. The ranking index keeps no text of its own now (contentless), and the text is
        // stored once more cut into passages, a book's passages having consecutive row ids (TextPassages.RowId),
        // so the snippet is made from the first matching passage of a book only.
        ($"""
        CREATE VIRTUAL TABLE books_index USING fts5(title, author, body, content = '', contentless_delete = 1, {Tokenizer});
        CREATE VIRTUAL TABLE passages USING fts5(body, {Tokenizer});
        """, static (_, transaction) => MoveTextToPassages(transaction)),
        // Version 3: snippets mark matched words with two control characters, which a book's text could hold
        // too and so forge a mark. Text is cleaned of them as it is written (CatalogText.CleanText); this cleans
        // what was written before. The ranking index needs nothing: its tokenizer never kept them.
        ("""
        UPDATE passages SET body = replace(replace(body, char(2), ' '), char(3), ' ')
        WHERE instr(body, char(2)) > 0 OR instr(body, char(3)) > 0;
        """, null),
        // Version 4: all of a book's metadata (authors, series, identifiers …) as JSON (MetadataJson), and its cover.
        ("""
        ALTER TABLE books ADD COLUMN metadata TEXT;
        ALTER TABLE books ADD COLUMN cover TEXT;
        """, null),
        // Version 5: a book is a work with files (formats). Each book so far was one file: it becomes a book
        // keyed by that file's path, with that one file; a rescan regroups them. The book keeps its main file's
        // columns (path, format …) for reading; the table is rebuilt because its path is no longer unique.
        ("""
        CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL,
            path TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            pages INTEGER,
            words INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            modified_utc TEXT NOT NULL,
            encoding TEXT,
            warnings TEXT,
            status TEXT NOT NULL DEFAULT 'present',
            updated_utc TEXT NOT NULL);
        CREATE INDEX files_book ON files(book_id);
        CREATE INDEX files_sha256 ON files(sha256);
        INSERT INTO files (book_id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc)
            SELECT id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc FROM books;
        CREATE TABLE books_v5 (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            shelf TEXT NOT NULL,
            path TEXT NOT NULL,
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
            metadata TEXT,
            cover TEXT,
            status TEXT NOT NULL DEFAULT 'present',
            cataloged_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL);
        INSERT INTO books_v5 (id, key, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, metadata, cover, status, cataloged_utc, updated_utc)
            SELECT id, path, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, metadata, cover, status, cataloged_utc, updated_utc FROM books;
        DROP TABLE books;
        ALTER TABLE books_v5 RENAME TO books;
        CREATE INDEX books_shelf ON books(shelf);
        """, null),
        // Version 6: the sidecars a complete scan found (metadata.opf, covers, calibre's database), for status to count.
        ("""
        CREATE TABLE sidecars (path TEXT PRIMARY KEY, kind TEXT NOT NULL);
        """, null),
        // Version 7: a file that is not a book is an outcome of its own, no longer a failure with stage 'skipped'.
        ("""
        CREATE TABLE skipped (path TEXT PRIMARY KEY, shelf TEXT NOT NULL, reason TEXT NOT NULL, skipped_utc TEXT NOT NULL);
        INSERT INTO skipped (path, shelf, reason, skipped_utc) SELECT path, shelf, reason, failed_utc FROM failures WHERE stage = 'skipped';
        DELETE FROM failures WHERE stage = 'skipped';
        """, null),
        // Version 8: one query language for both stores. The indexes hold Bookline's folded words, unstemmed (a query word is
        // widened to the catalog's words with its stem instead), the metadata fields each in a column, and the passages an index
        // of their own beside their text; the catalog's words are kept for typo tolerance. Rebuilt from the version 7 passages.
        ($"""
        DROP TABLE books_index;
        CREATE VIRTUAL TABLE books_index USING fts5(title, author, series, tags, files, body, content = '', contentless_delete = 1, {WordTokenizer});
        CREATE VIRTUAL TABLE fields_index USING fts5(title, author, series, tags, files, content = '', contentless_delete = 1, {WordTokenizer});
        CREATE VIRTUAL TABLE passage_index USING fts5(body, content = '', contentless_delete = 1, {WordTokenizer});
        CREATE TABLE passage_text (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        CREATE TABLE vocabulary (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE);
        """, static (catalog, transaction) => catalog.RebuildSearchIndex(transaction)),
        // Version 9: the accounts a served catalog asks for (names and password hashes; bookline users).
        ("""
        CREATE TABLE accounts (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_utc TEXT NOT NULL);
        """, null),
    ];

    /// <summary>The writer's connection (read-only for a catalog opened with <see cref="OpenReader"/>).</summary>
    private readonly SqliteConnection _connection;
    private readonly bool _readOnly;

    /// <summary>Writes take this: one at a time on the one writer connection.</summary>
    private readonly Lock _writing = new();

    /// <summary>The catalog's words the writer knows are in the vocabulary table; loaded at the first write.</summary>
    private HashSet<string>? _knownWords;

    /// <summary>Idle read-only connections; the pool grows to the most reads that ever ran at once.</summary>
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private volatile bool _disposed;

    private readonly VocabularyCache _vocabulary;
    private readonly SearchCache _searchCache = new();

    /// <summary>
    /// Each read connection's last <c>PRAGMA data_version</c> (a number only the connection that read it can compare: it changes
    /// when another connection commits), and the catalog's version, counted up whenever a connection finds its number changed.
    /// </summary>
    private readonly Dictionary<SqliteConnection, long> _dataVersions = [];
    private readonly Lock _versionLock = new();
    private long _version;

    private SqliteCatalog(SqliteConnection connection, string path, bool readOnly)
    {
        _connection = connection;
        _readOnly = readOnly;
        Location = Path.GetFullPath(path);
        _vocabulary = new VocabularyCache((after, token) => Reading(c => WordsAfter(c, after), token));
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
    /// <exception cref="CatalogException">The file is not a catalog, a newer Bookline wrote it, or it cannot be opened.</exception>
    public static SqliteCatalog Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
            var catalog = new SqliteCatalog(connection, path, readOnly: false);
            catalog.Migrate();
            return catalog;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw SqliteErrors.Translate(exception, Path.GetFullPath(path));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a catalog file to read and search only (it may be on a disk this user cannot write); another process may write it meanwhile.</summary>
    /// <param name="path">A catalog file at the current schema version.</param>
    /// <returns>The open catalog; its writing methods fail with a <see cref="CatalogException"/>.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CatalogException">The file is not a catalog, or not at the current schema version.</exception>
    public static SqliteCatalog OpenReader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No catalog at {path}.", path);
        }

        SqliteConnection connection = OpenReadConnection(Path.GetFullPath(path));
        try
        {
            var catalog = new SqliteCatalog(connection, path, readOnly: true);
            if (catalog.SchemaVersion != Migrations.Length)
            {
                throw new CatalogException(
                    $"The catalog {path} is at schema {catalog.SchemaVersion}; this Bookline reads schema {Migrations.Length}. Open it once for writing (bookline scan) to upgrade it.");
            }

            return catalog;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw SqliteErrors.Translate(exception, Path.GetFullPath(path));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteConnection OpenReadConnection(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 5000;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The schema version of the open file.</summary>
    public int SchemaVersion
    {
        get
        {
            lock (_writing)
            {
                return Convert.ToInt32(Scalar(_connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<BookToIndex> books, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(books);
        return Writing<IReadOnlyList<long>>(() => Write(books), cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(CatalogFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Writing(() => RecordFailure(failure), cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordSkipAsync(CatalogSkip skip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skip);
        return Writing(() => RecordSkip(skip), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> MarkRemovedExceptAsync(IReadOnlySet<string> seen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return Writing(() => MarkRemovedExcept(seen), cancellationToken);
    }

    /// <inheritdoc />
    public Task ReplaceSidecarsAsync(IReadOnlyDictionary<string, string> sidecars, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sidecars);
        return Writing(() => ReplaceSidecars(sidecars), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Merges each full-text index into one segment. Writes in batches leave many small segments, and a
    /// search seeks in every one: on a 1,000-book catalog this made finding a book's matching passage three times faster.
    /// </remarks>
    public Task OptimizeAsync(CancellationToken cancellationToken = default) => Writing(Optimize, cancellationToken);

    /// <inheritdoc />
    public Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CatalogSearch.SearchAsync(this, _searchCache, request, cancellationToken);
    }

    /// <inheritdoc />
    public int SearchCacheSize
    {
        get => _searchCache.Capacity;
        set => _searchCache.Capacity = value;
    }

    /// <inheritdoc />
    public Task<string> GetDataVersionAsync(CancellationToken cancellationToken = default) => Reading(connection =>
    {
        using SqliteCommand command = Command(connection, "PRAGMA data_version");
        long seen = (long)command.ExecuteScalar()!;
        lock (_versionLock)
        {
            // A connection seen for the first time counts too: its number may already include a commit that no other has seen.
            if (!_dataVersions.TryGetValue(connection, out long last) || last != seen)
            {
                _dataVersions[connection] = seen;
                _version++;
            }

            return _version.ToString(CultureInfo.InvariantCulture);
        }
    }, cancellationToken);

    /// <inheritdoc />
    Task<Vocabulary> ISearchStore.VocabularyAsync(CancellationToken cancellationToken) => _vocabulary.GetAsync(cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<SearchHit>> ISearchStore.FindAsync(QueryNode query, int limit, CancellationToken cancellationToken) =>
        Reading<IReadOnlyList<SearchHit>>(connection => Find(connection, query, limit), cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<string?>> ISearchStore.PassagesAsync(IReadOnlyList<PassageRequest> requests, CancellationToken cancellationToken) =>
        Reading<IReadOnlyList<string?>>(connection => Passages(connection, requests), cancellationToken);

    /// <inheritdoc />
    public Task SetAccountAsync(CatalogAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Writing(() =>
        {
            using SqliteCommand command = Command(_connection, """
                INSERT INTO accounts (name, password_hash, created_utc) VALUES ($name, $hash, $created)
                ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, created_utc = excluded.created_utc
                """, ("$name", account.Name), ("$hash", account.PasswordHash), ("$created", account.CreatedUtc.ToString("O", CultureInfo.InvariantCulture)));
            command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAccountAsync(string name, CancellationToken cancellationToken = default) => Writing(() =>
    {
        using SqliteCommand command = Command(_connection, "DELETE FROM accounts WHERE name = $name", ("$name", name));
        return command.ExecuteNonQuery() > 0;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogAccount>> AccountsAsync(CancellationToken cancellationToken = default) => Reading<IReadOnlyList<CatalogAccount>>(connection =>
    {
        using SqliteCommand command = Command(connection, "SELECT name, password_hash, created_utc FROM accounts ORDER BY name");
        using SqliteDataReader reader = command.ExecuteReader();
        var accounts = new List<CatalogAccount>();
        while (reader.Read())
        {
            accounts.Add(new CatalogAccount(reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        }

        return accounts;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogBook>> BooksAsync(CancellationToken cancellationToken = default) => Reading(Books, cancellationToken);

    /// <inheritdoc />
    public Task<CatalogBook?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        Reading(connection => FindWhere(connection, "b.id = $key", ("$key", id)), cancellationToken);

    /// <inheritdoc />
    public Task<CatalogBook?> FindByPathAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Reading(connection => FindWhere(connection, "b.id = (SELECT book_id FROM files WHERE path = $key)", ("$key", path)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<CatalogStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Reading(GetStatus, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogFailure>> FailuresAsync(CancellationToken cancellationToken = default) => Reading(Failures, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogSkip>> SkippedAsync(CancellationToken cancellationToken = default) => Reading(Skipped, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, KnownFile>> KnownFilesAsync(CancellationToken cancellationToken = default) => Reading(KnownFiles, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<DateTimeOffset>(cancellationToken) : Task.FromResult(DateTimeOffset.UtcNow);

    /// <inheritdoc />
    public Task<CatalogOutcomes> OutcomesSinceAsync(IReadOnlyCollection<string> paths, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Reading(connection => OutcomesSince(connection, paths, since), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _vocabulary.Dispose();
        lock (_writing)
        {
            _connection.Dispose();
        }

        while (_readers.TryTake(out SqliteConnection? reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>Runs a write on the writer connection, one at a time; SQLite's errors become the catalog's.</summary>
    private Task<T> Writing<T>(Func<T> write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        if (_readOnly)
        {
            return Task.FromException<T>(new CatalogException($"The catalog {Location} was opened to read only."));
        }

        try
        {
            lock (_writing)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return Task.FromResult(write());
            }
        }
        catch (SqliteException exception)
        {
            return Task.FromException<T>(SqliteErrors.Translate(exception, Location));
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    private Task<bool> Writing(Action write, CancellationToken cancellationToken) => Writing(() =>
    {
        write();
        return true;
    }, cancellationToken);

    /// <summary>Runs a read on an idle read-only connection (opening one when none is idle); SQLite's errors become the catalog's.</summary>
    private Task<T> Reading<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        SqliteConnection? connection = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connection = _readers.TryTake(out SqliteConnection? idle) ? idle : OpenReadConnection(Location);
            return Task.FromResult(read(connection));
        }
        catch (SqliteException exception)
        {
            return Task.FromException<T>(SqliteErrors.Translate(exception, Location));
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
        finally
        {
            if (connection is not null)
            {
                _readers.Add(connection);
                if (_disposed && _readers.TryTake(out SqliteConnection? late))
                {
                    // Disposed while this read ran: nothing will take the connection again.
                    late.Dispose();
                }
            }
        }
    }

    private List<long> Write(IReadOnlyList<BookToIndex> books)
    {
        var newWords = new List<string>();
        using SqliteTransaction transaction = _connection.BeginTransaction();
        var ids = new List<long>(books.Count);
        string now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (BookToIndex entry in books)
        {
            (CatalogBook book, string text) = entry;
            if (book.PreviousKey is { } previous && previous != book.BookKey)
            {
                // Moved or renamed: the book keeps its record (and id) under its new key, unless a book has that key already.
                using SqliteCommand rekey = Command(transaction, "UPDATE books SET key = $key WHERE key = $previous AND NOT EXISTS (SELECT 1 FROM books WHERE key = $key)",
                    ("$key", book.BookKey), ("$previous", previous));
                rekey.ExecuteNonQuery();
            }

            using SqliteCommand upsert = Command(transaction, """
                INSERT INTO books (key, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, metadata, cover, status, cataloged_utc, updated_utc)
                VALUES ($key, $shelf, $path, $format, $title, $author, $language, $pages, $words, $bytes, $sha256, $modified, $encoding, $warnings, $metadata, $cover, 'present', $now, $now)
                ON CONFLICT(key) DO UPDATE SET shelf = excluded.shelf, path = excluded.path, format = excluded.format, title = excluded.title, author = excluded.author,
                    language = excluded.language, pages = excluded.pages, words = excluded.words, bytes = excluded.bytes, sha256 = excluded.sha256,
                    modified_utc = excluded.modified_utc, encoding = excluded.encoding, warnings = excluded.warnings, metadata = excluded.metadata,
                    cover = excluded.cover, status = 'present', updated_utc = excluded.updated_utc
                RETURNING id
                """,
                ("$key", book.BookKey), ("$shelf", book.Shelf), ("$path", book.Path), ("$format", book.Format), ("$title", book.Title), ("$author", book.Author),
                ("$language", book.Language), ("$pages", book.Pages), ("$words", book.Words), ("$bytes", book.Bytes), ("$sha256", book.Sha256),
                ("$modified", book.ModifiedUtc.ToString("O", CultureInfo.InvariantCulture)), ("$encoding", book.Encoding), ("$warnings", book.Warnings),
                ("$metadata", MetadataJson.Write(book.Metadata)), ("$cover", book.Cover), ("$now", now));
            long id = (long)upsert.ExecuteScalar()!;
            WriteFiles(transaction, id, book.AllFiles, now);
            // Cleaned and cut by the index stage already (BookToIndex.Prepare): cleaning again costs a scan, no copy.
            string clean = CatalogText.CleanText(text);
            IndexText(transaction, id, book, clean, ReferenceEquals(clean, text) ? entry.PassageEnds : null, replace: true, newWords);
            ids.Add(id);
        }

        transaction.Commit();
        _knownWords?.UnionWith(newWords);
        return ids;
    }

    /// <summary>
    /// Makes a book's files exactly these: its other files go, a file another book had moves here (and
    /// that book, left without files, is removed), and each file's old failure is cleared.
    /// </summary>
    private static void WriteFiles(SqliteTransaction transaction, long bookId, IReadOnlyList<CatalogFile> files, string now)
    {
        var paths = new HashSet<string>(files.Select(f => f.Path), StringComparer.Ordinal);
        var others = new HashSet<long>();
        using (SqliteCommand owners = Command(transaction, "SELECT path, book_id FROM files WHERE book_id = $book OR path IN (SELECT value FROM json_each($paths))",
            ("$book", bookId), ("$paths", System.Text.Json.JsonSerializer.Serialize(paths))))
        using (SqliteDataReader reader = owners.ExecuteReader())
        {
            var gone = new List<string>();
            while (reader.Read())
            {
                if (reader.GetInt64(1) != bookId)
                {
                    others.Add(reader.GetInt64(1));
                }
                else if (!paths.Contains(reader.GetString(0)))
                {
                    gone.Add(reader.GetString(0));
                }
            }

            reader.Close();
            foreach (string path in gone)
            {
                Run(transaction, "DELETE FROM files WHERE path = $path", ("$path", path));
            }
        }

        using SqliteCommand upsert = Command(transaction, """
            INSERT INTO files (book_id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc)
            VALUES ($book, $path, $format, $pages, $words, $bytes, $sha256, $modified, $encoding, $warnings, 'present', $now)
            ON CONFLICT(path) DO UPDATE SET book_id = excluded.book_id, format = excluded.format, pages = excluded.pages, words = excluded.words,
                bytes = excluded.bytes, sha256 = excluded.sha256, modified_utc = excluded.modified_utc, encoding = excluded.encoding,
                warnings = excluded.warnings, status = 'present', updated_utc = excluded.updated_utc
            """,
            ("$book", bookId), ("$path", string.Empty), ("$format", string.Empty), ("$pages", null), ("$words", 0), ("$bytes", 0L), ("$sha256", string.Empty),
            ("$modified", string.Empty), ("$encoding", null), ("$warnings", null), ("$now", now));
        foreach (CatalogFile file in files)
        {
            upsert.Parameters["$path"].Value = file.Path;
            upsert.Parameters["$format"].Value = file.Format;
            upsert.Parameters["$pages"].Value = (object?)file.Pages ?? DBNull.Value;
            upsert.Parameters["$words"].Value = file.Words;
            upsert.Parameters["$bytes"].Value = file.Bytes;
            upsert.Parameters["$sha256"].Value = file.Sha256;
            upsert.Parameters["$modified"].Value = file.ModifiedUtc.ToString("O", CultureInfo.InvariantCulture);
            upsert.Parameters["$encoding"].Value = (object?)file.Encoding ?? DBNull.Value;
            upsert.Parameters["$warnings"].Value = (object?)file.Warnings ?? DBNull.Value;
            upsert.ExecuteNonQuery();
            Run(transaction, "DELETE FROM failures WHERE path = $path", ("$path", file.Path));
            Run(transaction, "DELETE FROM skipped WHERE path = $path", ("$path", file.Path));
        }

        foreach (long other in others)
        {
            Run(transaction, """
                UPDATE books SET status = 'removed', updated_utc = $now
                WHERE id = $id AND NOT EXISTS (SELECT 1 FROM files WHERE book_id = $id AND status = 'present')
                """, ("$id", other), ("$now", now));
        }
    }

    private void RecordFailure(CatalogFailure failure)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        Run(transaction, "DELETE FROM skipped WHERE path = $path", ("$path", failure.Path));
        Run(transaction, """
            INSERT INTO failures (path, shelf, stage, reason, attempts, failed_utc) VALUES ($path, $shelf, $stage, $reason, $attempts, $failed)
            ON CONFLICT(path) DO UPDATE SET shelf = excluded.shelf, stage = excluded.stage, reason = excluded.reason, attempts = excluded.attempts, failed_utc = excluded.failed_utc
            """,
            ("$path", failure.Path), ("$shelf", failure.Shelf), ("$stage", failure.Stage), ("$reason", failure.Reason), ("$attempts", failure.Attempts),
            ("$failed", failure.FailedUtc.ToString("O", CultureInfo.InvariantCulture)));
        transaction.Commit();
    }

    private void RecordSkip(CatalogSkip skip)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        Run(transaction, "DELETE FROM failures WHERE path = $path", ("$path", skip.Path));
        Run(transaction, """
            INSERT INTO skipped (path, shelf, reason, skipped_utc) VALUES ($path, $shelf, $reason, $skipped)
            ON CONFLICT(path) DO UPDATE SET shelf = excluded.shelf, reason = excluded.reason, skipped_utc = excluded.skipped_utc
            """,
            ("$path", skip.Path), ("$shelf", skip.Shelf), ("$reason", skip.Reason), ("$skipped", skip.SkippedUtc.ToString("O", CultureInfo.InvariantCulture)));
        transaction.Commit();
    }

    private static List<SearchHit> Find(SqliteConnection connection, QueryNode query, int limit)
    {
        var sql = new SqliteSearchSql();
        string? whole = SqliteSearchSql.BookWords(query);

        // A query of words only is one MATCH that both finds and ranks; any other is a condition beside the ranking MATCH.
        string where = whole is null ? sql.Where(query) : "1";
        QueryNode[] positive = [.. QueryExpansion.TextLeaves(query)];

        // Relevance: the text's bm25 (the index's columns but the body weigh nothing there) plus the metadata's, ranked on an
        // index of the metadata alone, so that a title's words count as much in a long book as in a short one. When every book
        // the query matches has one of its words, the search starts from the books those words match, ranked.
        var parameters = new List<(string Name, object? Value)>(sql.Parameters.Select(p => ("$" + p.Name, (object?)p.Value)));
        string from = "books b", rankBody = "0";
        if ((whole ?? RankExpression(positive, forFields: false)) is { } body)
        {
            from = whole is not null || SearchSql.RequiresText(query)
                ? "(SELECT rowid AS id, bm25(books_index, 0, 0, 0, 0, 0, 1) AS score FROM books_index WHERE books_index MATCH $rankbody) r JOIN books b ON b.id = r.id"
                : "books b LEFT JOIN (SELECT rowid AS id, bm25(books_index, 0, 0, 0, 0, 0, 1) AS score FROM books_index WHERE books_index MATCH $rankbody) r ON r.id = b.id";
            parameters.Add(("$rankbody", body));
            rankBody = "coalesce(r.score, 0)";
        }

        // The metadata's scores come first, from their own small index, and join the ranking query as values: joined as an FTS5
        // query they cost more than the rest of it (2 ms of 6 for a common word).
        Dictionary<long, double> fieldScores = RankExpression(positive, forFields: true) is { } fields ? FieldScores(connection, fields) : [];
        string[] titleWords = [.. positive.Select(l => l switch
        {
            WordsQuery { Field: SearchField.Any } words => SqliteSearchSql.AnyWord(words.Words, false, "title"),
            WordQuery { Field: SearchField.Any } word => SqliteSearchSql.AnyWord([word.Word], word.IsPrefix, "title"),
            _ => null,
        }).OfType<string>()];
        if (titleWords.Length > 0)
        {
            // A title with every word looked for outranks one with some: bm25 scores a title's part nearly as much as its
            // whole (titles 0.86 to 0.90 on the known-item benchmark).
            using SqliteCommand titled = Command(connection, "SELECT rowid FROM fields_index WHERE fields_index MATCH $all", ("$all", string.Join(" AND ", titleWords)));
            using SqliteDataReader titles = titled.ExecuteReader();
            while (titles.Read())
            {
                fieldScores[titles.GetInt64(0)] = fieldScores.GetValueOrDefault(titles.GetInt64(0)) - WholeTitleBonus;
            }
        }

        // Words that stand together weigh more than words scattered through a book: the best passage with all of them, ranked
        // among passages (so a long book gains nothing by its length), when the query looks for two words or more.
        string rankPassage = "0", bestPassage = "NULL";
        QueryNode[] inText = [.. QueryExpansion.InText(query)];
        if ((inText.Length >= 2 || inText is [PhraseQuery or NearQuery]) && RankExpression(inText, forFields: false, all: true) is { } together)
        {
            // min() makes the bare column passage that of the best row (SQLite's rule): the snippet will quote it.
            from += $" LEFT JOIN (SELECT id, min(score) AS score, passage FROM (SELECT rowid >> {TextPassages.PassageBits} AS id, rowid AS passage, bm25(passage_index) AS score FROM passage_index WHERE passage_index MATCH $together LIMIT -1) GROUP BY id) p ON p.id = b.id";
            parameters.Add(("$together", together));
            rankPassage = "coalesce(p.score, 0)";
            bestPassage = "p.passage";
        }

        // The metadata's scores are added here, not in SQL: joined to the candidates as values (json_each), SQLite read them
        // again for every candidate (15 ms instead of 1 for a common word with 180 titles).
        var candidates = new List<(long Id, string Title, double Rank, long? Passage)>();
        using (SqliteCommand command = Command(connection, $"""
            SELECT b.id, b.title, {PassageWeight} * {rankPassage} + {rankBody}, {bestPassage}
            FROM {from}
            WHERE b.status = 'present' AND {where}
            """, [.. parameters]))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                candidates.Add((id, reader.GetString(1), reader.GetDouble(2) + FieldWeight * fieldScores.GetValueOrDefault(id), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
            }
        }

        candidates.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Title, b.Title) is var byTitle and not 0 ? byTitle : a.Id.CompareTo(b.Id));
        var top = candidates.Take(limit).ToList();
        var books = new Dictionary<long, (string? Author, string Shelf, string Format, string Path)>();
        if (top.Count > 0)
        {
            using SqliteCommand command = Command(connection, $"SELECT id, author, shelf, format, path FROM books WHERE id IN ({string.Join(',', top.Select(c => c.Id.ToString(CultureInfo.InvariantCulture)))})");
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                books[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
            }
        }

        var hits = new List<SearchHit>(top.Count);
        foreach ((long id, string title, double rank, long? passage) in top)
        {
            (string? author, string shelf, string format, string path) = books[id];
            hits.Add(new SearchHit(id, title, author, shelf, format, path, string.Empty, rank) { BestPassage = passage });
        }

        return hits;
    }

    /// <summary>The bm25 of every book whose metadata the expression matches, on the field index alone.</summary>
    private static Dictionary<long, double> FieldScores(SqliteConnection connection, string expression)
    {
        using SqliteCommand command = Command(connection, "SELECT rowid, bm25(fields_index, 10.0, 6.0, 4.0, 3.0, 1.0) FROM fields_index WHERE fields_index MATCH $fields", ("$fields", expression));
        using SqliteDataReader reader = command.ExecuteReader();
        var scores = new Dictionary<long, double>();
        while (reader.Read())
        {
            scores[reader.GetInt64(0)] = reader.GetDouble(1);
        }

        return scores;
    }

    /// <summary>How much a book's metadata counts against its text in the rank (tuned on the known-item benchmark, bench/README.md).</summary>
    private const double FieldWeight = 4.0;

    /// <summary>How much the best passage with every word counts against the whole text in the rank (tuned likewise).</summary>
    private const double PassageWeight = 3.0;

    /// <summary>What a title with every word looked for adds to a book's metadata score, in bm25's units (tuned likewise).</summary>
    private const double WholeTitleBonus = 10.0;

    /// <summary>An FTS5 expression that any of the leaves makes true, for bm25; null when no leaf looks there.</summary>
    private static string? RankExpression(IEnumerable<QueryNode> leaves, bool forFields, bool all = false)
    {
        var parts = new List<string>();
        foreach (QueryNode leaf in leaves)
        {
            (SearchField field, string? part) = leaf switch
            {
                WordsQuery words => (words.Field, SqliteSearchSql.AnyWord(words.Words, false, forFields ? SqliteSearchSql.ColumnOf(words.Field) : null)),
                WordQuery word => (word.Field, SqliteSearchSql.AnyWord([word.Word], word.IsPrefix, forFields ? SqliteSearchSql.ColumnOf(word.Field) : null)),
                PhraseQuery phrase => (phrase.Field, SqliteSearchSql.PhraseExpression(phrase, forFields ? SqliteSearchSql.ColumnOf(phrase.Field) : null)),
                NearQuery near when near.Words.Count == 2 => (near.Field, SqliteSearchSql.NearExpression(near.Words[0], near.Words[1], near.Distance, forFields ? SqliteSearchSql.ColumnOf(near.Field) : null)),
                _ => (SearchField.Any, null),
            };
            if (part is not null && (forFields || field == SearchField.Any))
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? null : string.Join(all ? " AND " : " OR ", parts);
    }

    private static string?[] Passages(SqliteConnection connection, IReadOnlyList<PassageRequest> requests)
    {
        using SqliteCommand first = Command(connection, """
            SELECT t.body FROM passage_text t
            WHERE t.id = (SELECT rowid FROM passage_index WHERE passage_index MATCH $query AND rowid BETWEEN $first AND $last LIMIT 1)
            """, ("$query", string.Empty), ("$first", 0L), ("$last", 0L));
        using SqliteCommand named = Command(connection, "SELECT body FROM passage_text WHERE id = $id", ("$id", 0L));
        var found = new string?[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            (long bookId, IReadOnlyList<QueryNode> leaves, long? passage) = requests[i];
            if (passage is not null)
            {
                named.Parameters["$id"].Value = passage;
                found[i] = named.ExecuteScalar() as string;
            }

            (long from, long to) = TextPassages.RowIds(bookId);
            first.Parameters["$first"].Value = from;
            first.Parameters["$last"].Value = to;
            string? every = leaves.Count > 1 ? RankExpression(leaves, forFields: false, all: true) : null;
            foreach (string? expression in new[] { every, RankExpression(leaves, forFields: false) })
            {
                if (expression is not null && found[i] is null)
                {
                    first.Parameters["$query"].Value = expression;
                    found[i] = first.ExecuteScalar() as string;
                }
            }
        }

        return found;
    }

    private static (IReadOnlyList<string> Words, long Last) WordsAfter(SqliteConnection connection, long after)
    {
        using SqliteCommand command = Command(connection, "SELECT id, word FROM vocabulary WHERE id > $after ORDER BY id", ("$after", after));
        using SqliteDataReader reader = command.ExecuteReader();
        var words = new List<string>();
        long last = after;
        while (reader.Read())
        {
            last = reader.GetInt64(0);
            words.Add(reader.GetString(1));
        }

        return (words, last);
    }

    private static IReadOnlyDictionary<string, KnownFile> KnownFiles(SqliteConnection connection)
    {
        var files = new Dictionary<string, KnownFile>(StringComparer.Ordinal);
        using SqliteCommand command = Command(connection, """
            SELECT f.path, b.key, f.bytes, f.modified_utc, f.sha256, b.updated_utc FROM files f JOIN books b ON b.id = f.book_id
            WHERE f.status = 'present' AND b.status = 'present'
            """);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            files[reader.GetString(0)] = new KnownFile(reader.GetString(1), reader.GetInt64(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), reader.GetString(4))
            {
                BookUpdatedUtc = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
            };
        }

        return files;
    }

    private void Optimize()
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        Run(transaction, MergeSegments);
        transaction.Commit();
    }

    private int MarkRemovedExcept(IReadOnlySet<string> seen)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        string now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var gone = new List<(string Path, long Book)>();
        using (SqliteCommand command = Command(transaction, "SELECT path, book_id FROM files WHERE status = 'present'"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!seen.Contains(reader.GetString(0)))
                {
                    gone.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }
        }

        foreach ((string path, _) in gone)
        {
            Run(transaction, "UPDATE files SET status = 'removed', updated_utc = $now WHERE path = $path", ("$path", path), ("$now", now));
        }

        int removed = 0;
        foreach (long book in gone.Select(g => g.Book).Distinct())
        {
            using SqliteCommand remove = Command(transaction, """
                UPDATE books SET status = 'removed', updated_utc = $now
                WHERE id = $id AND status = 'present' AND NOT EXISTS (SELECT 1 FROM files WHERE book_id = $id AND status = 'present')
                """, ("$id", book), ("$now", now));
            removed += remove.ExecuteNonQuery();
        }

        // A failure (or skip) of a file that is no longer there is no longer one of the library.
        var stale = new List<string>();
        using (SqliteCommand command = Command(transaction, "SELECT path FROM failures UNION ALL SELECT path FROM skipped"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!seen.Contains(reader.GetString(0)))
                {
                    stale.Add(reader.GetString(0));
                }
            }
        }

        foreach (string path in stale)
        {
            Run(transaction, "DELETE FROM failures WHERE path = $path", ("$path", path));
            Run(transaction, "DELETE FROM skipped WHERE path = $path", ("$path", path));
        }

        transaction.Commit();
        return removed;
    }

    private static IReadOnlyList<CatalogBook> Books(SqliteConnection connection)
    {
        using SqliteCommand files = Command(connection, $"""
            SELECT {FilesOfPresentBooks} ORDER BY f.book_id, f.path = b.path DESC, f.path
            """);
        using SqliteCommand books = Command(connection, $"SELECT {CatalogRows.BookColumns} FROM books WHERE status = 'present' ORDER BY id");
        using SqliteDataReader fileRows = files.ExecuteReader();
        using SqliteDataReader bookRows = books.ExecuteReader();
        return CatalogRows.ReadBooks(bookRows, fileRows);
    }

    private void ReplaceSidecars(IReadOnlyDictionary<string, string> sidecars)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        Run(transaction, "DELETE FROM sidecars");
        using SqliteCommand insert = Command(transaction, "INSERT INTO sidecars (path, kind) VALUES ($path, $kind)", ("$path", string.Empty), ("$kind", string.Empty));
        foreach (var (path, kind) in sidecars)
        {
            insert.Parameters["$path"].Value = path;
            insert.Parameters["$kind"].Value = kind;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static CatalogStatus GetStatus(SqliteConnection connection)
    {
        return new CatalogStatus(
            Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM books WHERE status = 'present'"), CultureInfo.InvariantCulture),
            Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM failures"), CultureInfo.InvariantCulture),
            Counts(connection, "SELECT shelf, count(*) FROM books WHERE status = 'present' GROUP BY shelf ORDER BY shelf"),
            Counts(connection, """
                SELECT f.format, count(DISTINCT f.book_id) FROM files f JOIN books b ON b.id = f.book_id
                WHERE f.status = 'present' AND b.status = 'present' GROUP BY f.format ORDER BY f.format
                """))
        {
            Files = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM files f JOIN books b ON b.id = f.book_id WHERE f.status = 'present' AND b.status = 'present'"), CultureInfo.InvariantCulture),
            Sidecars = Counts(connection, "SELECT kind, count(*) FROM sidecars GROUP BY kind ORDER BY kind"),
            Skipped = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM skipped"), CultureInfo.InvariantCulture),
        };
    }

    private static IReadOnlyList<CatalogSkip> Skipped(SqliteConnection connection)
    {
        using SqliteCommand command = Command(connection, "SELECT path, shelf, reason, skipped_utc FROM skipped ORDER BY shelf, path");
        using SqliteDataReader reader = command.ExecuteReader();
        var skipped = new List<CatalogSkip>();
        while (reader.Read())
        {
            skipped.Add(new CatalogSkip(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture)));
        }

        return skipped;
    }

    private static IReadOnlyList<CatalogFailure> Failures(SqliteConnection connection)
    {
        using SqliteCommand command = Command(connection, "SELECT path, shelf, stage, reason, attempts, failed_utc FROM failures ORDER BY shelf, path");
        using SqliteDataReader reader = command.ExecuteReader();
        var failures = new List<CatalogFailure>();
        while (reader.Read())
        {
            failures.Add(new CatalogFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }

        return failures;
    }

    private static CatalogOutcomes OutcomesSince(SqliteConnection connection, IReadOnlyCollection<string> paths, DateTimeOffset since)
    {
        var wanted = paths as IReadOnlySet<string> ?? paths.ToHashSet(StringComparer.Ordinal);
        string from = since.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        var latest = new Dictionary<string, (string When, string Outcome, long Book)>(StringComparer.Ordinal);
        void Read(string sql)
        {
            using SqliteCommand command = Command(connection, sql, ("$since", from));
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string path = reader.GetString(0);
                if (wanted.Contains(path) && (!latest.TryGetValue(path, out var seen) || string.CompareOrdinal(reader.GetString(1), seen.When) > 0))
                {
                    latest[path] = (reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                }
            }
        }

        // ISO 8601 in UTC with a fixed width: text order is time order.
        Read("SELECT path, updated_utc, 'book', book_id FROM files WHERE updated_utc >= $since AND status = 'present'");
        Read("SELECT path, failed_utc, 'failed', 0 FROM failures WHERE failed_utc >= $since");
        Read("SELECT path, skipped_utc, 'skipped', 0 FROM skipped WHERE skipped_utc >= $since");
        return new CatalogOutcomes(
            latest.Values.Count(v => v.Outcome == "book"), latest.Values.Count(v => v.Outcome == "skipped"), latest.Values.Count(v => v.Outcome == "failed"))
        {
            Books = latest.Values.Where(v => v.Outcome == "book").Select(v => v.Book).Distinct().Count(),
        };
    }

    private void Migrate()
    {
        int version = SchemaVersion;
        if (version > Migrations.Length)
        {
            throw new CatalogException($"The catalog was written by a newer Bookline (schema {version}; this one knows up to {Migrations.Length}).");
        }

        // Versions 2 and 8 move every book's text out of a table they then drop: give the space back afterwards.
        bool movedText = version is > 0 and < 8;
        for (; version < Migrations.Length; version++)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            Run(transaction, Migrations[version].Sql);
            Migrations[version].Then?.Invoke(this, transaction);
            Run(transaction, $"PRAGMA user_version = {version + 1}");
            transaction.Commit();
        }

        if (movedText)
        {
            Execute(_connection, "VACUUM");
        }
    }

    /// <summary>
    /// Indexes a book: its words and fields in the book index, its fields in the field index, its text cut into passages
    /// (text and index), and the words the vocabulary lacks; <paramref name="replace"/> drops what was indexed before.
    /// </summary>
    private void IndexText(SqliteTransaction transaction, long id, CatalogBook book, string text, IReadOnlyList<int>? passageEnds, bool replace, List<string> newWords)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        BookFields fields = BookFields.Of(book, words);
        IndexText(transaction, id, fields, TextPassages.Split(text, passageEnds).Select(p => p.ToString()), replace, words);
        AddWords(transaction, words, newWords);
    }

    private static void IndexText(SqliteTransaction transaction, long id, BookFields fields, IEnumerable<string> passages, bool replace, HashSet<string> words)
    {
        (long first, long last) = TextPassages.RowIds(id);
        if (replace)
        {
            Run(transaction, """
                DELETE FROM books_index WHERE rowid = $id;
                DELETE FROM fields_index WHERE rowid = $id;
                DELETE FROM passage_index WHERE rowid IN (SELECT id FROM passage_text WHERE id BETWEEN $first AND $last);
                DELETE FROM passage_text WHERE id BETWEEN $first AND $last;
                """, ("$id", id), ("$first", first), ("$last", last));
        }

        using SqliteCommand text = Command(transaction, "INSERT INTO passage_text (id, body) VALUES ($id, $body)", ("$id", 0L), ("$body", string.Empty));
        using SqliteCommand index = Command(transaction, "INSERT INTO passage_index (rowid, body) VALUES ($id, $body)", ("$id", 0L), ("$body", string.Empty));
        var body = new StringBuilder();
        int passage = 0;
        foreach (string part in passages)
        {
            string folded = SearchText.Normalize(part, words);
            long rowId = TextPassages.RowId(id, passage++);
            text.Parameters["$id"].Value = rowId;
            text.Parameters["$body"].Value = part;
            text.ExecuteNonQuery();
            index.Parameters["$id"].Value = rowId;
            index.Parameters["$body"].Value = folded;
            index.ExecuteNonQuery();
            body.Append(folded).Append(' ');
        }

        (string Name, object? Value)[] columns =
            [("$id", id), ("$title", fields.Title), ("$author", fields.Authors), ("$series", fields.Series), ("$tags", fields.Tags), ("$files", fields.Files)];
        Run(transaction, "INSERT INTO books_index (rowid, title, author, series, tags, files, body) VALUES ($id, $title, $author, $series, $tags, $files, $body)",
            [.. columns, ("$body", body.ToString())]);
        Run(transaction, "INSERT INTO fields_index (rowid, title, author, series, tags, files) VALUES ($id, $title, $author, $series, $tags, $files)", columns);
    }

    /// <summary>Adds the words the vocabulary lacks; <paramref name="added"/> gets them, to be known once the transaction commits.</summary>
    private void AddWords(SqliteTransaction transaction, HashSet<string> words, List<string> added)
    {
        if (_knownWords is null)
        {
            _knownWords = new HashSet<string>(StringComparer.Ordinal);
            using SqliteCommand known = Command(transaction, "SELECT word FROM vocabulary");
            using SqliteDataReader reader = known.ExecuteReader();
            while (reader.Read())
            {
                _knownWords.Add(reader.GetString(0));
            }
        }

        using SqliteCommand insert = Command(transaction, "INSERT OR IGNORE INTO vocabulary (word) VALUES ($word)", ("$word", string.Empty));
        foreach (string word in words)
        {
            if (!_knownWords.Contains(word))
            {
                insert.Parameters["$word"].Value = word;
                insert.ExecuteNonQuery();
                added.Add(word);
            }
        }
    }

    /// <summary>Migration 8: every book's passages move from the version 2 table into the passage text and index, and its words and fields into the new indexes.</summary>
    private void RebuildSearchIndex(SqliteTransaction transaction)
    {
        var books = new List<(long Id, CatalogBook Book)>();
        using (SqliteCommand command = Command(transaction, $"SELECT {CatalogRows.BookColumns} FROM books b"))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                CatalogBook book = CatalogRows.ReadBook(reader);
                books.Add((book.Id, book));
            }
        }

        using SqliteCommand files = Command(transaction, "SELECT path FROM files WHERE book_id = $book AND status = 'present'", ("$book", 0L));
        using SqliteCommand passages = Command(transaction, "SELECT body FROM passages WHERE rowid BETWEEN $first AND $last ORDER BY rowid", ("$first", 0L), ("$last", 0L));
        var newWords = new List<string>();
        foreach ((long id, CatalogBook book) in books)
        {
            files.Parameters["$book"].Value = id;
            var paths = new List<string>();
            using (SqliteDataReader reader = files.ExecuteReader())
            {
                while (reader.Read())
                {
                    paths.Add(reader.GetString(0));
                }
            }

            (long first, long last) = TextPassages.RowIds(id);
            passages.Parameters["$first"].Value = first;
            passages.Parameters["$last"].Value = last;
            var texts = new List<string>();
            using (SqliteDataReader reader = passages.ExecuteReader())
            {
                while (reader.Read())
                {
                    texts.Add(reader.GetString(0));
                }
            }

            var words = new HashSet<string>(StringComparer.Ordinal);
            CatalogBook withFiles = book with { Files = [.. paths.Select(p => new CatalogFile(p, book.Format, null, 0, 0, string.Empty, book.ModifiedUtc, null, null))] };
            IndexText(transaction, id, BookFields.Of(withFiles, words), texts, replace: false, words);
            AddWords(transaction, words, newWords);
        }

        Run(transaction, "DROP TABLE passages");
        Run(transaction, MergeSegments);
        _knownWords?.UnionWith(newWords);
    }

    /// <summary>Version 2's indexing (title, author and text, passages in one table), for the migration that still writes its tables.</summary>
    private static void IndexTextVersion2(SqliteTransaction transaction, long id, string title, string? author, string text, IReadOnlyList<int>? passageEnds, bool replace)
    {
        (long first, long last) = TextPassages.RowIds(id);
        if (replace)
        {
            Run(transaction, "DELETE FROM books_index WHERE rowid = $id", ("$id", id));
            Run(transaction, "DELETE FROM passages WHERE rowid BETWEEN $first AND $last", ("$first", first), ("$last", last));
        }

        Run(transaction, "INSERT INTO books_index (rowid, title, author, body) VALUES ($id, $title, $author, $body)",
            ("$id", id), ("$title", title), ("$author", author), ("$body", text));
        using SqliteCommand insert = Command(transaction, "INSERT INTO passages (rowid, body) VALUES ($id, $body)", ("$id", 0L), ("$body", string.Empty));
        int passage = 0;
        foreach (ReadOnlyMemory<char> part in TextPassages.Split(text, passageEnds))
        {
            insert.Parameters["$id"].Value = TextPassages.RowId(id, passage++);
            insert.Parameters["$body"].Value = part.ToString();
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Migration 2: the text of every book moves from the version 1 index into the contentless index and the passages.</summary>
    private static void MoveTextToPassages(SqliteTransaction transaction)
    {
        using (SqliteCommand books = Command(transaction, "SELECT rowid, title, author, body FROM books_fts"))
        using (SqliteDataReader reader = books.ExecuteReader())
        {
            while (reader.Read())
            {
                IndexTextVersion2(transaction, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), passageEnds: null, replace: false);
            }
        }

        Run(transaction, "DROP TABLE books_fts");
        Run(transaction, MergeSegmentsVersion2);
    }

    /// <summary>The files of present books, as <see cref="CatalogRows.ReadFile"/> reads them (f: files, b: books).</summary>
    private const string FilesOfPresentBooks = "f.book_id, f.path, f.format, f.pages, f.words, f.bytes, f.sha256, f.modified_utc, f.encoding, f.warnings "
        + "FROM files f JOIN books b ON b.id = f.book_id WHERE f.status = 'present' AND b.status = 'present'";

    private static CatalogBook? FindWhere(SqliteConnection connection, string condition, (string Name, object? Value) key)
    {
        CatalogBook book;
        using (SqliteCommand command = Command(connection, $"SELECT {CatalogRows.BookColumns} FROM books b WHERE {condition}", key))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            book = CatalogRows.ReadBook(reader);
        }

        using SqliteCommand files = Command(connection, $"""
            SELECT {CatalogRows.FileColumns} FROM files WHERE book_id = $book AND status = 'present' ORDER BY path = $main DESC, path
            """, ("$book", book.Id), ("$main", book.Path));
        using SqliteDataReader rows = files.ExecuteReader();
        var list = new List<CatalogFile>();
        while (rows.Read())
        {
            list.Add(CatalogRows.ReadFile(rows).File);
        }

        return book with { Files = list };
    }

    private static Dictionary<string, long> Counts(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = Command(connection, sql);
        using SqliteDataReader reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = Command(connection, sql);
        return command.ExecuteScalar();
    }

    private static void Run(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = Command(transaction.Connection!, sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
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
