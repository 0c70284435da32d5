using Bookline.Library.Catalog;
using Bookline.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Bookline.Faults.Tests;

/// <summary>What a catalog holds, as far as a scan's correctness goes: each file once with its content's hash and the book it is in, and each failure with its reason.</summary>
public sealed record CatalogSnapshot(IReadOnlyList<(string Path, string Sha256)> Books, IReadOnlyList<(string Path, string Stage, string Reason)> Failures)
{
    public static CatalogSnapshot Of(ICatalog catalog) => new(
        [.. catalog.KnownFiles().Select(b => (b.Key, $"{b.Value.Sha256} in {b.Value.BookKey}")).OrderBy(b => b.Key, StringComparer.Ordinal)],
        [.. catalog.Failures().Select(f => (f.Path, f.Stage, f.Reason)).OrderBy(f => f.Path, StringComparer.Ordinal)]);

    /// <summary>The differences from <paramref name="expected"/>, one line each; empty when there are none.</summary>
    public IReadOnlyList<string> Differences(CatalogSnapshot expected)
    {
        var lines = new List<string>();
        var books = Books.ToDictionary(b => b.Path, b => b.Sha256, StringComparer.Ordinal);
        var expectedBooks = expected.Books.ToDictionary(b => b.Path, b => b.Sha256, StringComparer.Ordinal);
        lines.AddRange(expectedBooks.Keys.Except(books.Keys).Select(p => $"missing book {p}"));
        lines.AddRange(books.Keys.Except(expectedBooks.Keys).Select(p => $"extra book {p}"));
        lines.AddRange(books.Where(b => expectedBooks.TryGetValue(b.Key, out string? sha) && sha != b.Value).Select(b => $"book {b.Key} has another hash or book: {b.Value}, not {expectedBooks[b.Key]}"));
        if (Books.Count != books.Count)
        {
            lines.Add($"{Books.Count - books.Count} books cataloged more than once");
        }

        lines.AddRange(expected.Failures.Except(Failures).Select(f => $"missing failure {f.Path} ({f.Stage}: {f.Reason})"));
        lines.AddRange(Failures.Except(expected.Failures).Select(f => $"unexpected failure {f.Path} ({f.Stage}: {f.Reason})"));
        return lines;
    }

    /// <summary>SQLite's integrity check of the file, and FTS5's of both full-text indexes: empty when all say it is sound.</summary>
    public static IReadOnlyList<string> IntegrityProblems(string sqliteCatalog)
    {
        var problems = new List<string>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteCatalog, Pooling = false }.ToString());
        connection.Open();
        using (SqliteCommand check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            using SqliteDataReader reader = check.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetString(0) != "ok")
                {
                    problems.Add("integrity_check: " + reader.GetString(0));
                }
            }
        }

        using (SqliteCommand count = connection.CreateCommand())
        {
            // Every passage's text has its index row and no index row is left without its text.
            count.CommandText = "SELECT (SELECT count(*) FROM passage_text), (SELECT count(*) FROM passage_index)";
            using SqliteDataReader reader = count.ExecuteReader();
            reader.Read();
            if (reader.GetInt64(0) != reader.GetInt64(1))
            {
                problems.Add($"{reader.GetInt64(0)} passages' text but {reader.GetInt64(1)} in the passage index");
            }
        }

        foreach (string index in new[] { "books_index", "fields_index", "passage_index" })
        {
            try
            {
                using SqliteCommand check = connection.CreateCommand();
                check.CommandText = $"INSERT INTO {index} ({index}) VALUES ('integrity-check')";
                check.ExecuteNonQuery();
            }
            catch (SqliteException exception)
            {
                problems.Add($"FTS5 integrity-check of {index}: {exception.Message}");
            }
        }

        return problems;
    }
}
