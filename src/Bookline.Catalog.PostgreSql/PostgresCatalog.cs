using Bookline.Library.Catalog;
using Bookline.Library.Search;
using Npgsql;

namespace Bookline.Catalog.PostgreSql;

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
/// Safe to use from many threads: each call takes a pooled connection, and waits on the network
/// without holding a thread. The driver's errors come out as <see cref="CatalogException"/>s.
/// </remarks>
public sealed class PostgresCatalog : ICatalog, ISearchStore
{
    private const long MigrationLock = 0x626f6f6b6c696e65; // "bookline"

    /// <summary>Each entry upgrades the schema by one version; never edit one that has shipped, add another.</summary>
    private static readonly (string Sql, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? Then)[] Migrations =
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
        """, static (connection, transaction, cancellationToken) => CutIntoPassagesAsync(connection, transaction, cancellationToken)),
        // Version 3: snippets mark matched words with two control characters, which a book's text could hold
        // too and so forge a mark. Text is cleaned of them as it is written (CatalogText.CleanText); this cleans
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
        // Version 7: a file that is not a book is an outcome of its own, no longer a failure with stage 'skipped'.
        ("""
        CREATE TABLE skipped (path text PRIMARY KEY, shelf text NOT NULL, reason text NOT NULL, skipped_utc timestamptz NOT NULL);
        INSERT INTO skipped (path, shelf, reason, skipped_utc) SELECT path, shelf, reason, failed_utc FROM failures WHERE stage = 'skipped';
        DELETE FROM failures WHERE stage = 'skipped';
        """, null),
        // Version 8: one query language for both stores. Vectors hold Bookline's folded words, unstemmed (a query word is widened
        // to the catalog's words with its stem instead), made by Bookline rather than the server's parser so that both stores index
        // the same words: a book's words without positions (matching only; the whole-book vector with positions, read back to
        // rank, made searches slow and lost phrases past its position limit), each metadata field with positions, and each
        // passage with positions (phrases and proximity, within one passage). The catalog's words are kept for typo tolerance.
        ("""
        ALTER TABLE books DROP COLUMN tsv;
        ALTER TABLE books ADD COLUMN word_tsv tsvector NOT NULL DEFAULT '', ADD COLUMN title_tsv tsvector NOT NULL DEFAULT '',
            ADD COLUMN author_tsv tsvector NOT NULL DEFAULT '', ADD COLUMN series_tsv tsvector NOT NULL DEFAULT '',
            ADD COLUMN tag_tsv tsvector NOT NULL DEFAULT '', ADD COLUMN file_tsv tsvector NOT NULL DEFAULT '';
        ALTER TABLE passages DROP COLUMN tsv;
        ALTER TABLE passages ADD COLUMN tsv tsvector NOT NULL DEFAULT '';
        CREATE TABLE vocabulary (id bigint GENERATED ALWAYS AS IDENTITY UNIQUE, word text PRIMARY KEY);
        """, static (connection, transaction, cancellationToken) => RebuildSearchIndexAsync(connection, transaction, cancellationToken)),
        // Version 9: the accounts a served catalog asks for (names and password hashes; bookline users).
        ("""
        CREATE TABLE accounts (name text PRIMARY KEY, password_hash text NOT NULL, created_utc timestamptz NOT NULL);
        """, null),
    ];

    /// <summary>The most words a book's word vector keeps: PostgreSQL caps a vector at 1 MB.</summary>
    private const int MaxBookWords = 60_000;

    private readonly NpgsqlDataSource _source;
    private readonly VocabularyCache _vocabulary;
    private readonly SearchCache _searchCache = new();

    /// <summary>Words this process knows the vocabulary table has (other processes add theirs; a conflict is ignored).</summary>
    private readonly HashSet<string> _knownWords = new(StringComparer.Ordinal);

    private PostgresCatalog(NpgsqlDataSource source, string location)
    {
        _source = source;
        Location = location;
        _vocabulary = new VocabularyCache((after, token) => Guard(() => WordsAfterAsync(after, token)));
    }

    /// <summary>The schema version this code writes.</summary>
    public static int CurrentSchemaVersion => Migrations.Length;

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Opens (creating or upgrading) the catalog in a database.</summary>
    /// <param name="url">postgres://user:password@host:port/database; a missing password is taken from PGPASSWORD.</param>
    /// <param name="cancellationToken">Abandons the opening.</param>
    /// <returns>The open catalog.</returns>
    /// <exception cref="ArgumentException">The URL is not a postgres:// URL.</exception>
    /// <exception cref="CatalogUnavailableException">The server cannot be reached now.</exception>
    /// <exception cref="CatalogException">The server refused the connection for good (credentials, no such database), or a newer Bookline wrote the catalog.</exception>
    public static async Task<PostgresCatalog> OpenAsync(string url, CancellationToken cancellationToken = default)
    {
        NpgsqlConnectionStringBuilder builder = ToConnectionString(url);
        NpgsqlDataSource source = NpgsqlDataSource.Create(builder);
        var catalog = new PostgresCatalog(source, $"postgres://{builder.Host}:{builder.Port}/{builder.Database}");
        try
        {
            await catalog.Guard(() => catalog.MigrateAsync(cancellationToken)).ConfigureAwait(false);
            return catalog;
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The database's schema version.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The version.</returns>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    });

    /// <summary>Turns a postgres:// URL into connection settings.</summary>
    /// <exception cref="ArgumentException">The URL is not a postgres:// URL.</exception>
    internal static NpgsqlConnectionStringBuilder ToConnectionString(string url)
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
            try
            {
                builder[Uri.UnescapeDataString(parts[0])] = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"'{parts[0]}' in the PostgreSQL address is not an option the server connection takes: {exception.Message}", nameof(url), exception);
            }
        }

        return builder;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<BookToIndex> books, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(books);
        return Guard<IReadOnlyList<long>>(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<long>(books.Count);
            var newWords = new List<string>();
            foreach (BookToIndex entry in books)
            {
                (CatalogBook book, string text) = entry;
                // PostgreSQL text cannot hold NUL characters, which damaged files do contain, in their text or their metadata;
                // the text also loses the other control characters, which could forge a snippet's marks. The index stage
                // cleaned and cut it already (BookToIndex.Prepare): cleaning again costs a scan, no copy.
                string body = CatalogText.CleanText(text);
                IReadOnlyList<int>? passageEnds = ReferenceEquals(body, text) ? entry.PassageEnds : null;
                if (book.PreviousKey is { } previous && previous != book.BookKey)
                {
                    // Moved or renamed: the book keeps its record (and id) under its new key, unless a book has that key already.
                    await using NpgsqlCommand rekey = Command(connection, transaction, "UPDATE books SET key = @key WHERE key = @previous AND NOT EXISTS (SELECT 1 FROM books WHERE key = @key)",
                        ("key", book.BookKey), ("previous", previous));
                    await rekey.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using NpgsqlCommand upsert = Command(connection, transaction, """
                    INSERT INTO books (key, shelf, path, format, title, author, language, pages, words, bytes, sha256, modified_utc, encoding, warnings, metadata, cover, status, cataloged_utc, updated_utc, body)
                    VALUES (@key, @shelf, @path, @format, @title, @author, @language, @pages, @words, @bytes, @sha256, @modified, @encoding, @warnings, @metadata, @cover, 'present', clock_timestamp(), clock_timestamp(), @body)
                    ON CONFLICT (key) DO UPDATE SET shelf = excluded.shelf, path = excluded.path, format = excluded.format, title = excluded.title, author = excluded.author,
                        language = excluded.language, pages = excluded.pages, words = excluded.words, bytes = excluded.bytes, sha256 = excluded.sha256,
                        modified_utc = excluded.modified_utc, encoding = excluded.encoding, warnings = excluded.warnings, metadata = excluded.metadata,
                        cover = excluded.cover, status = 'present', updated_utc = excluded.updated_utc, body = excluded.body
                    RETURNING id
                    """,
                    ("key", book.BookKey), ("shelf", book.Shelf), ("path", book.Path), ("format", book.Format), ("title", WithoutNul(book.Title)), ("author", WithoutNul(book.Author)),
                    ("language", WithoutNul(book.Language)), ("pages", book.Pages), ("words", book.Words), ("bytes", book.Bytes), ("sha256", book.Sha256),
                    ("modified", book.ModifiedUtc.ToUniversalTime()), ("encoding", WithoutNul(book.Encoding)), ("warnings", WithoutNul(book.Warnings)),
                    ("metadata", WithoutNul(MetadataJson.Write(book.Metadata))), ("cover", WithoutNul(book.Cover)), ("body", body));
                long id = (long)(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                ids.Add(id);
                var words = new HashSet<string>(StringComparer.Ordinal);
                BookFields fields = BookFields.Of(book, words);
                await IndexAsync(connection, transaction, id, fields, TextPassages.Split(body, passageEnds).Select(p => p.ToString()), words, cancellationToken).ConfigureAwait(false);
                newWords.AddRange(await AddWordsAsync(connection, transaction, words, cancellationToken).ConfigureAwait(false));
                await WriteFilesAsync(connection, transaction, id, book.AllFiles, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            lock (_knownWords)
            {
                _knownWords.UnionWith(newWords);
            }

            return ids;
        });
    }

    /// <summary>
    /// Makes a book's files exactly these: its other files go, a file another book had moves here (and
    /// that book, left without files, is removed), and each file's old failure or skip is cleared.
    /// </summary>
    private static async Task WriteFilesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long bookId, IReadOnlyList<CatalogFile> files, CancellationToken cancellationToken)
    {
        string[] paths = [.. files.Select(f => f.Path)];
        var others = new List<long>();
        await using (NpgsqlCommand owners = Command(connection, transaction, "SELECT DISTINCT book_id FROM files WHERE path = ANY(@paths) AND book_id <> @book", ("paths", paths), ("book", bookId)))
        await using (NpgsqlDataReader reader = await owners.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                others.Add(reader.GetInt64(0));
            }
        }

        await RunAsync(connection, transaction, "DELETE FROM files WHERE book_id = @book AND NOT (path = ANY(@paths))", cancellationToken, ("book", bookId), ("paths", paths)).ConfigureAwait(false);
        foreach (CatalogFile file in files)
        {
            await RunAsync(connection, transaction, """
                INSERT INTO files (book_id, path, format, pages, words, bytes, sha256, modified_utc, encoding, warnings, status, updated_utc)
                VALUES (@book, @path, @format, @pages, @words, @bytes, @sha256, @modified, @encoding, @warnings, 'present', clock_timestamp())
                ON CONFLICT (path) DO UPDATE SET book_id = excluded.book_id, format = excluded.format, pages = excluded.pages, words = excluded.words,
                    bytes = excluded.bytes, sha256 = excluded.sha256, modified_utc = excluded.modified_utc, encoding = excluded.encoding,
                    warnings = excluded.warnings, status = 'present', updated_utc = excluded.updated_utc
                """, cancellationToken,
                ("book", bookId), ("path", file.Path), ("format", file.Format), ("pages", file.Pages), ("words", file.Words), ("bytes", file.Bytes),
                ("sha256", file.Sha256), ("modified", file.ModifiedUtc.ToUniversalTime()), ("encoding", WithoutNul(file.Encoding)), ("warnings", WithoutNul(file.Warnings))).ConfigureAwait(false);
        }

        await RunAsync(connection, transaction, "DELETE FROM failures WHERE path = ANY(@paths); DELETE FROM skipped WHERE path = ANY(@paths)", cancellationToken, ("paths", paths)).ConfigureAwait(false);
        if (others.Count > 0)
        {
            await RunAsync(connection, transaction, """
                UPDATE books b SET status = 'removed', updated_utc = clock_timestamp()
                WHERE b.id = ANY(@others) AND NOT EXISTS (SELECT 1 FROM files f WHERE f.book_id = b.id AND f.status = 'present')
                """, cancellationToken, ("others", others.ToArray())).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(CatalogFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Guard(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, null, """
                DELETE FROM skipped WHERE path = @path;
                INSERT INTO failures (path, shelf, stage, reason, attempts, failed_utc) VALUES (@path, @shelf, @stage, @reason, @attempts, clock_timestamp())
                ON CONFLICT (path) DO UPDATE SET shelf = excluded.shelf, stage = excluded.stage, reason = excluded.reason, attempts = excluded.attempts, failed_utc = excluded.failed_utc
                """, cancellationToken,
                ("path", WithoutNul(failure.Path)), ("shelf", WithoutNul(failure.Shelf)), ("stage", failure.Stage), ("reason", WithoutNul(failure.Reason)), ("attempts", failure.Attempts)).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc />
    public Task RecordSkipAsync(CatalogSkip skip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skip);
        return Guard(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, null, """
                DELETE FROM failures WHERE path = @path;
                INSERT INTO skipped (path, shelf, reason, skipped_utc) VALUES (@path, @shelf, @reason, clock_timestamp())
                ON CONFLICT (path) DO UPDATE SET shelf = excluded.shelf, reason = excluded.reason, skipped_utc = excluded.skipped_utc
                """, cancellationToken,
                ("path", WithoutNul(skip.Path)), ("shelf", WithoutNul(skip.Shelf)), ("reason", WithoutNul(skip.Reason))).ConfigureAwait(false);
            return true;
        });
    }

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
    /// <remarks>
    /// The server's current snapshot: it changes whenever any transaction that writes starts or ends, here or in another
    /// database of the server (more often than needed, never less), and reading it writes nothing.
    /// </remarks>
    public Task<string> GetDataVersionAsync(CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "SELECT pg_current_snapshot()::text");
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    });

    /// <inheritdoc />
    Task<Vocabulary> ISearchStore.VocabularyAsync(CancellationToken cancellationToken) => _vocabulary.GetAsync(cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<SearchHit>> ISearchStore.FindAsync(QueryNode query, int limit, CancellationToken cancellationToken) => Guard<IReadOnlyList<SearchHit>>(async () =>
    {
        var sql = new PostgresSearchSql();
        string where = sql.Where(query);

        // Relevance from the metadata's small vectors only, never from a whole book's text (reading those back made searches slow).
        var rank = new List<string>();
        var parameters = new List<(string, object?)>(sql.Parameters.Select(p => (p.Name, (object?)p.Value)));
        string? any = RankQuery(QueryExpansion.TextLeaves(query));
        if (any is not null)
        {
            parameters.Add(("rankquery", any));
            rank.Add("10 * ts_rank(b.title_tsv, @rankquery::tsquery) + 6 * ts_rank(b.author_tsv, @rankquery::tsquery) + 4 * ts_rank(b.series_tsv, @rankquery::tsquery) + 3 * ts_rank(b.tag_tsv, @rankquery::tsquery) + ts_rank(b.file_tsv, @rankquery::tsquery)");
        }

        // A title with every word looked for outranks one with some: ts_rank alone scores a title's part as much as its whole
        // (titles 0.82 to 0.90 on the known-item benchmark; 0.5 and 2 did as well).
        if (RankQuery(QueryExpansion.TextLeaves(query), all: true) is { } allWords)
        {
            parameters.Add(("allwords", allWords));
            rank.Add($"{WholeTitleBonus} * (b.title_tsv @@ @allwords::tsquery)::int");
        }

        // Words that stand together weigh more than words scattered through a book: the best passage with all of them, when the
        // query looks for two words or more, or a phrase (ranked among passages, so a long book gains nothing by its length).
        string from = "books b", bestPassage = "NULL::integer";
        QueryNode[] inText = [.. QueryExpansion.InText(query)];
        if ((inText.Length >= 2 || inText is [PhraseQuery or NearQuery]) && RankQuery(inText, all: true) is { } together)
        {
            parameters.Add(("together", together));
            from += " LEFT JOIN (SELECT DISTINCT ON (book_id) book_id, n, ts_rank(tsv, @together::tsquery) AS score FROM passages WHERE tsv @@ @together::tsquery ORDER BY book_id, score DESC, n) p ON p.book_id = b.id";
            rank.Add($"{PassageWeight} * coalesce(p.score, 0)");
            bestPassage = "p.n";
        }

        parameters.Add(("limit", limit));
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // The planner reads a few hundred books as cheaper to scan than to look up in an index, not knowing that each book's word
        // vector (tens of kilobytes, stored out of line) must then be read back: 44 ms against 3 ms for a common word on a
        // 675-book catalog. Nor through the primary key in id order (to merge with the passages), testing every book's vector
        // likewise: 13 ms against 5.5 ms for two words. So neither: the GIN index it is. A query with no word still scans, there
        // being no index to use. Not for phrases: their passages' subquery then took a plan 200 times slower.
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!QueryExpansion.TextLeaves(query).Any(l => l is PhraseQuery or NearQuery))
        {
            await RunAsync(connection, transaction, "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off", cancellationToken).ConfigureAwait(false);
        }

        await using NpgsqlCommand command = Command(connection, transaction, $"""
            SELECT b.id, b.title, b.author, b.shelf, b.format, b.path, -({(rank.Count == 0 ? "0" : string.Join(" + ", rank))}) AS rank, {bestPassage}
            FROM {from}
            WHERE b.status = 'present' AND {where}
            ORDER BY rank, b.title, b.id
            LIMIT @limit
            """, [.. parameters]);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), string.Empty, reader.GetFloat(6)) { BestPassage = reader.IsDBNull(7) ? null : reader.GetInt32(7) });
        }

        return hits;
    });

    /// <inheritdoc />
    Task<IReadOnlyList<string?>> ISearchStore.PassagesAsync(IReadOnlyList<PassageRequest> requests, CancellationToken cancellationToken) => Guard<IReadOnlyList<string?>>(async () =>
    {
        // For each book, the passage named, else its first passage with every leaf, else with any: first among a book's first
        // passages, walked in order, then, for the books not answered so far, among all of them through the GIN index. The
        // words come from a parameter for each book, so the planner cannot tell a common word from a rare one: with the index
        // alone, "package" (in 10,000 passages) cost 2.5 ms a book, against 0.03 ms to walk to its first match; walking alone,
        // a word only at the end of a long book cost 6 ms (3,788 passages).
        var found = new string?[requests.Count];
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await FirstPassagesAsync(connection, requests, [.. Enumerable.Range(0, requests.Count)], found, cancellationToken).ConfigureAwait(false);

        // The books not answered yet, by the words asked: one query for each, whose words the planner sees.
        foreach (bool every in EveryThenAny)
        {
            foreach (IGrouping<string, int> asking in Enumerable.Range(0, requests.Count)
                .Where(i => found[i] is null && (!every || requests[i].Leaves.Count > 1))
                .GroupBy(i => RankQuery(requests[i].Leaves, all: every) ?? string.Empty)
                .Where(g => g.Key.Length > 0))
            {
                await using NpgsqlCommand later = Command(connection, null, """
                    SELECT DISTINCT ON (book_id) book_id, body FROM passages
                    WHERE book_id = ANY(@books) AND n >= @within AND tsv @@ @words::tsquery ORDER BY book_id, n
                    """, ("books", asking.Select(i => requests[i].BookId).Distinct().ToArray()), ("within", PassagesWalked), ("words", asking.Key));
                var bodies = new Dictionary<long, string>();
                await using (NpgsqlDataReader reader = await later.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        bodies[reader.GetInt64(0)] = reader.GetString(1);
                    }
                }

                foreach (int i in asking)
                {
                    found[i] ??= bodies.GetValueOrDefault(requests[i].BookId);
                }
            }
        }

        return found;
    });

    /// <summary>A passage with every word looked for, then with any.</summary>
    private static readonly bool[] EveryThenAny = [true, false];

    /// <summary>How many of a book's first passages a snippet's lookup walks before it asks the index.</summary>
    private const int PassagesWalked = 200;

    /// <summary>The passages of the asked requests, into <paramref name="found"/>: the one named, else among each book's first <see cref="PassagesWalked"/>, walked in order.</summary>
    private static async Task FirstPassagesAsync(NpgsqlConnection connection, IReadOnlyList<PassageRequest> requests, int[] asked, string?[] found, CancellationToken cancellationToken)
    {
        long[] books = [.. asked.Select(i => requests[i].BookId)];
        string[] every = [.. asked.Select(i => (requests[i].Leaves.Count > 1 ? RankQuery(requests[i].Leaves, all: true) : null) ?? RankQuery(requests[i].Leaves) ?? string.Empty)];
        string[] any = [.. asked.Select(i => RankQuery(requests[i].Leaves) ?? string.Empty)];
        int[] named = [.. asked.Select(i => (int)(requests[i].Passage ?? -1))];
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync(connection, transaction, "SET LOCAL enable_bitmapscan = off", cancellationToken).ConfigureAwait(false);

        await using NpgsqlCommand command = Command(connection, transaction, """
            SELECT r.i, coalesce(
                (SELECT body FROM passages WHERE book_id = r.book AND n = r.named),
                (SELECT body FROM passages WHERE book_id = r.book AND n < @within AND r.every <> '' AND tsv @@ r.every::tsquery ORDER BY n LIMIT 1),
                (SELECT body FROM passages WHERE book_id = r.book AND n < @within AND r.anyof <> '' AND tsv @@ r.anyof::tsquery ORDER BY n LIMIT 1))
            FROM unnest(@books, @every, @any, @named) WITH ORDINALITY AS r(book, every, anyof, named, i)
            """, ("books", books), ("every", every), ("any", any), ("named", named), ("within", PassagesWalked));
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(1))
                {
                    found[asked[reader.GetInt64(0) - 1]] = reader.GetString(1);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How much the best passage with every word counts against the metadata in the rank (tuned on the known-item benchmark, bench/README.md).</summary>
    private const int PassageWeight = 1;

    /// <summary>What a title with every word looked for adds to the rank (tuned likewise).</summary>
    private const int WholeTitleBonus = 1;

    /// <summary>A tsquery that any of the leaves makes true; null when there is none.</summary>
    private static string? RankQuery(IEnumerable<QueryNode> leaves, bool all = false)
    {
        string[] parts = [.. leaves.Select(leaf => leaf switch
        {
            WordsQuery words => PostgresSearchSql.AnyWord(words.Words, false),
            WordQuery word => PostgresSearchSql.AnyWord([word.Word], word.IsPrefix),
            PhraseQuery phrase => PostgresSearchSql.PhraseQuery(phrase),
            NearQuery near when near.Words.Count == 2 => PostgresSearchSql.NearQuery(near.Words[0], near.Words[1], near.Distance),
            _ => null,
        }).OfType<string>()];
        return parts.Length == 0 ? null : string.Join(all ? " & " : " | ", parts);
    }

    private async Task<(IReadOnlyList<string> Words, long Last)> WordsAfterAsync(long after, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "SELECT id, word FROM vocabulary WHERE id > @after ORDER BY id", ("after", after));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var words = new List<string>();
        long last = after;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            last = reader.GetInt64(0);
            words.Add(reader.GetString(1));
        }

        return (words, last);
    }

    /// <summary>Writes a book's vectors and its passages (text and vector).</summary>
    private static async Task IndexAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, BookFields fields, IEnumerable<string> passages, HashSet<string> words, CancellationToken cancellationToken)
    {
        var numbers = new List<int>();
        var bodies = new List<string>();
        var vectors = new List<string>();
        foreach (string passage in passages)
        {
            numbers.Add(numbers.Count);
            bodies.Add(passage);
            vectors.Add(PostgresSearchSql.Vector(SearchText.Normalize(passage, words)));
        }

        await RunAsync(connection, transaction, """
            DELETE FROM passages WHERE book_id = @id;
            INSERT INTO passages (book_id, n, body, tsv) SELECT @id, u.n, u.body, u.tsv::tsvector FROM unnest(@numbers, @bodies, @vectors) AS u(n, body, tsv);
            UPDATE books SET word_tsv = array_to_tsvector(@words), title_tsv = @title::tsvector, author_tsv = @author::tsvector, series_tsv = @series::tsvector,
                tag_tsv = @tags::tsvector, file_tsv = @files::tsvector WHERE id = @id;
            """, cancellationToken,
            ("id", id), ("numbers", numbers.ToArray()), ("bodies", bodies.ToArray()), ("vectors", vectors.ToArray()),
            ("words", words.Take(MaxBookWords).ToArray()), ("title", PostgresSearchSql.Vector(fields.Title)), ("author", PostgresSearchSql.Vector(fields.Authors)),
            ("series", PostgresSearchSql.Vector(fields.Series)), ("tags", PostgresSearchSql.Vector(fields.Tags)), ("files", PostgresSearchSql.Vector(fields.Files))).ConfigureAwait(false);
    }

    /// <summary>Adds the words this process does not know the vocabulary has; returns them, to be known once the transaction commits.</summary>
    private async Task<List<string>> AddWordsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, HashSet<string> words, CancellationToken cancellationToken)
    {
        List<string> unknown;
        lock (_knownWords)
        {
            unknown = [.. words.Where(w => !_knownWords.Contains(w))];
        }

        if (unknown.Count > 0)
        {
            await RunAsync(connection, transaction, "INSERT INTO vocabulary (word) SELECT unnest(@words) ORDER BY 1 ON CONFLICT DO NOTHING", cancellationToken,
                ("words", unknown.ToArray())).ConfigureAwait(false);
        }

        return unknown;
    }

    /// <summary>Migration 8: every book's vectors, its passages' vectors and the vocabulary, from its record and passages.</summary>
    private static async Task RebuildSearchIndexAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var books = new List<CatalogBook>();
        await using (NpgsqlCommand command = Command(connection, transaction, $"SELECT {CatalogRows.BookColumns} FROM books"))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                books.Add(CatalogRows.ReadBook(reader));
            }
        }

        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (CatalogBook book in books)
        {
            var paths = new List<string>();
            await using (NpgsqlCommand files = Command(connection, transaction, "SELECT path FROM files WHERE book_id = @book AND status = 'present'", ("book", book.Id)))
            await using (NpgsqlDataReader reader = await files.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    paths.Add(reader.GetString(0));
                }
            }

            var texts = new List<string>();
            await using (NpgsqlCommand passages = Command(connection, transaction, "SELECT body FROM passages WHERE book_id = @book ORDER BY n", ("book", book.Id)))
            await using (NpgsqlDataReader reader = await passages.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    texts.Add(reader.GetString(0));
                }
            }

            var words = new HashSet<string>(StringComparer.Ordinal);
            CatalogBook withFiles = book with { Files = [.. paths.Select(p => new CatalogFile(p, book.Format, null, 0, 0, string.Empty, book.ModifiedUtc, null, null))] };
            await IndexAsync(connection, transaction, book.Id, BookFields.Of(withFiles, words), texts, words, cancellationToken).ConfigureAwait(false);
            all.UnionWith(words);
        }

        await RunAsync(connection, transaction, """
            INSERT INTO vocabulary (word) SELECT unnest(@words) ORDER BY 1 ON CONFLICT DO NOTHING;
            CREATE INDEX books_word_tsv ON books USING gin (word_tsv);
            CREATE INDEX books_title_tsv ON books USING gin (title_tsv);
            CREATE INDEX books_author_tsv ON books USING gin (author_tsv);
            CREATE INDEX books_series_tsv ON books USING gin (series_tsv);
            CREATE INDEX books_tag_tsv ON books USING gin (tag_tsv);
            CREATE INDEX books_file_tsv ON books USING gin (file_tsv);
            CREATE INDEX passages_tsv ON passages USING gin (tsv);
            """, cancellationToken, ("words", all.ToArray())).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, KnownFile>> KnownFilesAsync(CancellationToken cancellationToken = default) => Guard<IReadOnlyDictionary<string, KnownFile>>(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, KnownFile>(StringComparer.Ordinal);
        await using NpgsqlCommand command = Command(connection, null, """
            SELECT f.path, b.key, f.bytes, f.modified_utc, f.sha256, b.updated_utc FROM files f JOIN books b ON b.id = f.book_id
            WHERE f.status = 'present' AND b.status = 'present'
            """);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files[reader.GetString(0)] = new KnownFile(reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4))
            {
                BookUpdatedUtc = reader.GetFieldValue<DateTimeOffset>(5),
            };
        }

        return files;
    });

    /// <inheritdoc />
    /// <remarks>Nothing to do: the server's autovacuum merges the GIN index's pending entries itself.</remarks>
    public Task OptimizeAsync(CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public Task<int> MarkRemovedExceptAsync(IReadOnlySet<string> seen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return Guard(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            string[] paths = [.. seen];
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, transaction, "UPDATE files SET status = 'removed', updated_utc = clock_timestamp() WHERE status = 'present' AND NOT (path = ANY(@seen))", cancellationToken, ("seen", paths)).ConfigureAwait(false);
            await using NpgsqlCommand command = Command(connection, transaction, """
                UPDATE books b SET status = 'removed', updated_utc = clock_timestamp()
                WHERE b.status = 'present' AND NOT EXISTS (SELECT 1 FROM files f WHERE f.book_id = b.id AND f.status = 'present')
                """);
            int removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            // A failure (or skip) of a file that is no longer there is no longer one of the library.
            await RunAsync(connection, transaction, "DELETE FROM failures WHERE NOT (path = ANY(@seen)); DELETE FROM skipped WHERE NOT (path = ANY(@seen))", cancellationToken, ("seen", paths)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return removed;
        });
    }

    /// <inheritdoc />
    public Task SetAccountAsync(CatalogAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Guard(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = Command(connection, null, """
                INSERT INTO accounts (name, password_hash, created_utc) VALUES (@name, @hash, @created)
                ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, created_utc = excluded.created_utc
                """, ("name", account.Name), ("hash", account.PasswordHash), ("created", account.CreatedUtc.ToUniversalTime()));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<bool> RemoveAccountAsync(string name, CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "DELETE FROM accounts WHERE name = @name", ("name", name));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogAccount>> AccountsAsync(CancellationToken cancellationToken = default) => Guard<IReadOnlyList<CatalogAccount>>(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "SELECT name, password_hash, created_utc FROM accounts ORDER BY name");
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<CatalogAccount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(new CatalogAccount(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return accounts;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogBook>> BooksAsync(CancellationToken cancellationToken = default) => Guard<IReadOnlyList<CatalogBook>>(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Two readers at once need two connections: the files are read first, whole, then the books.
        await using NpgsqlConnection second = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand files = Command(connection, null, $"""
            SELECT f.{CatalogRows.FileColumns.Replace(", ", ", f.", StringComparison.Ordinal)}
            FROM files f JOIN books b ON b.id = f.book_id WHERE f.status = 'present' AND b.status = 'present' ORDER BY f.book_id, f.path = b.path DESC, f.path
            """);
        await using NpgsqlCommand books = Command(second, null, $"SELECT {CatalogRows.BookColumns} FROM books WHERE status = 'present' ORDER BY id");
        await using NpgsqlDataReader fileRows = await files.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlDataReader bookRows = await books.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return CatalogRows.ReadBooks(bookRows, fileRows);
    });

    /// <inheritdoc />
    public Task ReplaceSidecarsAsync(IReadOnlyDictionary<string, string> sidecars, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sidecars);
        return Guard(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, transaction, "DELETE FROM sidecars", cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, transaction, "INSERT INTO sidecars (path, kind) SELECT * FROM unnest(@paths, @kinds)", cancellationToken,
                ("paths", sidecars.Keys.Select(WithoutNul).ToArray()), ("kinds", sidecars.Values.ToArray())).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<CatalogBook?> FindAsync(long id, CancellationToken cancellationToken = default) => FindWhereAsync("id = @key", id, cancellationToken);

    /// <inheritdoc />
    public Task<CatalogBook?> FindByPathAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FindWhereAsync("id = (SELECT book_id FROM files WHERE path = @key)", WithoutNul(path)!, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CatalogStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new CatalogStatus(
            await CountAsync(connection, "SELECT count(*) FROM books WHERE status = 'present'", cancellationToken).ConfigureAwait(false),
            await CountAsync(connection, "SELECT count(*) FROM failures", cancellationToken).ConfigureAwait(false),
            await CountsAsync(connection, "SELECT shelf, count(*) FROM books WHERE status = 'present' GROUP BY shelf ORDER BY shelf", cancellationToken).ConfigureAwait(false),
            await CountsAsync(connection, """
                SELECT f.format, count(DISTINCT f.book_id) FROM files f JOIN books b ON b.id = f.book_id
                WHERE f.status = 'present' AND b.status = 'present' GROUP BY f.format ORDER BY f.format
                """, cancellationToken).ConfigureAwait(false))
        {
            Files = await CountAsync(connection, "SELECT count(*) FROM files f JOIN books b ON b.id = f.book_id WHERE f.status = 'present' AND b.status = 'present'", cancellationToken).ConfigureAwait(false),
            Sidecars = await CountsAsync(connection, "SELECT kind, count(*) FROM sidecars GROUP BY kind ORDER BY kind", cancellationToken).ConfigureAwait(false),
            Skipped = await CountAsync(connection, "SELECT count(*) FROM skipped", cancellationToken).ConfigureAwait(false),
        };
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogFailure>> FailuresAsync(CancellationToken cancellationToken = default) => Guard<IReadOnlyList<CatalogFailure>>(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "SELECT path, shelf, stage, reason, attempts, failed_utc FROM failures ORDER BY shelf, path");
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var failures = new List<CatalogFailure>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            failures.Add(new CatalogFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return failures;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogSkip>> SkippedAsync(CancellationToken cancellationToken = default) => Guard<IReadOnlyList<CatalogSkip>>(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "SELECT path, shelf, reason, skipped_utc FROM skipped ORDER BY shelf, path");
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var skipped = new List<CatalogSkip>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            skipped.Add(new CatalogSkip(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return skipped;
    });

    /// <inheritdoc />
    public Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, null, "SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, TimeSpan.Zero);
    });

    /// <inheritdoc />
    public Task<CatalogOutcomes> OutcomesSinceAsync(IReadOnlyCollection<string> paths, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Guard(async () =>
        {
            await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = Command(connection, null, """
                SELECT outcome, count(*)::int, count(DISTINCT book_id)::int FROM (
                    SELECT DISTINCT ON (path) path, outcome, book_id FROM (
                        SELECT path, updated_utc AS at, 'book' AS outcome, book_id FROM files WHERE updated_utc >= @since AND status = 'present' AND path = ANY(@paths)
                        UNION ALL
                        SELECT path, failed_utc, 'failed', NULL FROM failures WHERE failed_utc >= @since AND path = ANY(@paths)
                        UNION ALL
                        SELECT path, skipped_utc, 'skipped', NULL FROM skipped WHERE skipped_utc >= @since AND path = ANY(@paths)
                    ) o ORDER BY path, at DESC
                ) latest GROUP BY outcome
                """, ("since", since.ToUniversalTime()), ("paths", paths.ToArray()));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            int books = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
                books += reader.GetString(0) == "book" ? reader.GetInt32(2) : 0;
            }

            return new CatalogOutcomes(counts.GetValueOrDefault("book"), counts.GetValueOrDefault("skipped"), counts.GetValueOrDefault("failed")) { Books = books };
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _vocabulary.Dispose();
        _source.Dispose();
    }

    /// <summary>Runs a call on the database; the driver's errors become the catalog's.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (PostgresErrors.Translate(exception, Location) is { } translated)
        {
            throw translated;
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await RunAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS bookline_schema (version integer NOT NULL)", cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = Command(connection, transaction, "SELECT max(version) FROM bookline_schema");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : 0;
    }

    private static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using NpgsqlCommand command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command(connection, null, sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<Dictionary<string, long>> CountsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command(connection, null, sql);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task<bool> MigrateAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Many workers may open a new catalog at once: one migrates, the others wait and find it done.
        await RunAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLock)).ConfigureAwait(false);
        int version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (version > Migrations.Length)
        {
            throw new CatalogException($"The catalog at {Location} was written by a newer Bookline (schema {version}; this one knows up to {Migrations.Length}).");
        }

        for (; version < Migrations.Length; version++)
        {
            await RunAsync(connection, transaction, Migrations[version].Sql, cancellationToken).ConfigureAwait(false);
            if (Migrations[version].Then is { } then)
            {
                await then(connection, transaction, cancellationToken).ConfigureAwait(false);
            }

            await RunAsync(connection, transaction, "INSERT INTO bookline_schema (version) VALUES (@version)", cancellationToken, ("version", version + 1)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string? WithoutNul(string? text) => text?.Replace("\0", string.Empty, StringComparison.Ordinal);

    /// <summary>Replaces a book's passages with its text cut anew; the index of each passage is computed by the server.</summary>
    /// <summary>Version 2's passages (text only; the vector was generated), for the migration that still writes them.</summary>
    private static async Task WritePassagesVersion2Async(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string body, CancellationToken cancellationToken)
    {
        await RunAsync(connection, transaction, "DELETE FROM passages WHERE book_id = @id", cancellationToken, ("id", id)).ConfigureAwait(false);
        await using NpgsqlBinaryImporter import = await connection.BeginBinaryImportAsync("COPY passages (book_id, n, body) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        int n = 0;
        foreach (ReadOnlyMemory<char> passage in TextPassages.Split(body))
        {
            await import.WriteRowAsync(cancellationToken, id, n++, passage.ToString()).ConfigureAwait(false);
        }

        await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Migration 2: every book's text is cut into passages.</summary>
    private static async Task CutIntoPassagesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using (NpgsqlCommand command = Command(connection, transaction, "SELECT id FROM books"))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        foreach (long id in ids)
        {
            await using NpgsqlCommand read = Command(connection, transaction, "SELECT body FROM books WHERE id = @id", ("id", id));
            string body = (string)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            await WritePassagesVersion2Async(connection, transaction, id, body, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<CatalogBook?> FindWhereAsync(string condition, object key, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using NpgsqlConnection connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        CatalogBook book;
        await using (NpgsqlCommand command = Command(connection, null, $"SELECT {CatalogRows.BookColumns} FROM books WHERE {condition}", ("key", key)))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            book = CatalogRows.ReadBook(reader);
        }

        await using NpgsqlCommand files = Command(connection, null, $"""
            SELECT {CatalogRows.FileColumns} FROM files WHERE book_id = @book AND status = 'present' ORDER BY path = @main DESC, path
            """, ("book", book.Id), ("main", book.Path));
        await using NpgsqlDataReader rows = await files.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<CatalogFile>();
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(CatalogRows.ReadFile(rows).File);
        }

        return (CatalogBook?)(book with { Files = list });
    });
}
