using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bookline.Library.Catalog;
using Microsoft.Data.Sqlite;

namespace Bookline.Benchmarks;

/// <summary>
/// A known-item evaluation: from the books of a catalog, sample passages and titles, make the queries people type when they
/// remember a book (a few words, an exact phrase, two words one with a typo, words of the title), and see where each store
/// (and Recoll, on the same files) ranks the book the query came from: success@1, success@10 and MRR@10 per kind.
/// </summary>
internal static class KnownItemProbe
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "that", "with", "this", "from", "have", "for", "are", "was", "were", "which", "when", "will", "your", "you", "not", "but",
        "can", "all", "has", "had", "its", "one", "they", "their", "there", "then", "than", "them", "into", "also", "more", "some", "such", "what",
        "would", "could", "should", "been", "other", "only", "each", "these", "those", "used", "use", "using", "file", "page", "pdf",
    };

    private static readonly string[] Kinds = ["words", "phrase", "typo", "title"];

    public static async Task RunAsync(string sqlitePath, string? postgres, string? recollConfig, string? corpusRoot, int samples, int seed)
    {
        List<Book> books = ReadBooks(sqlitePath);
        var random = new Random(seed);
        var queries = new List<Query>();
        foreach (Book book in books.OrderBy(_ => random.Next()).Take(samples))
        {
            foreach (string kind in Kinds)
            {
                if (MakeQuery(kind, book, random) is { } text)
                {
                    queries.Add(new Query(kind, text, book));
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{queries.Count} queries from {Math.Min(samples, books.Count)} of {books.Count} books (seed {seed})."));
        var results = new List<(string System, Dictionary<string, Score> Scores)>();
        using (ICatalog sqlite = await SearchTimingProbe.OpenAsync(sqlitePath))
        {
            results.Add(("Bookline, SQLite", await EvaluateAsync(sqlite, queries)));
        }

        if (postgres is not null)
        {
            using ICatalog store = await SearchTimingProbe.OpenAsync(postgres);
            results.Add(("Bookline, PostgreSQL", await EvaluateAsync(store, queries)));
        }

        if (recollConfig is not null && corpusRoot is not null)
        {
            results.Add(("Recoll", EvaluateRecoll(recollConfig, corpusRoot, queries)));
        }

        Console.WriteLine();
        Console.WriteLine("| system | kind | queries | success@1 | success@10 | MRR@10 |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach ((string system, Dictionary<string, Score> scores) in results)
        {
            foreach (string kind in Kinds.Append("all"))
            {
                Score s = scores[kind];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {system} | {kind} | {s.Count} | {s.At1:F2} | {s.At10:F2} | {s.Mrr:F3} |"));
            }
        }

    }

    private static async Task<Dictionary<string, Score>> EvaluateAsync(ICatalog catalog, List<Query> queries)
    {
        var ranks = new List<(string Kind, int Rank)>();
        var times = new List<double>();
        foreach (Query query in queries)
        {
            long started = Stopwatch.GetTimestamp();
            SearchResults results = await catalog.SearchAsync(new SearchRequest(query.Text) { Limit = 10 });
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            int rank = results.Hits.Select((h, i) => (h, i)).FirstOrDefault(x => query.Book.Files.Contains(x.h.Path) || x.h.Path == query.Book.Path, (null!, -1)).Item2;
            ranks.Add((query.Kind, rank < 0 ? 0 : rank + 1));
            if (Environment.GetEnvironmentVariable("KNOWN_ITEM_SHOW") == query.Kind && rank != 0)
            {
                Console.WriteLine($"  {rank + 1,3} {query.Text}  [wanted: {query.Book.Title}; first: {(results.Hits.Count > 0 ? results.Hits[0].Title : "-")}; suggestion: {results.Suggestion}]");
            }
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{catalog.Location}: {queries.Count} searches, median {times[times.Count / 2]:F1} ms"));
        return Scores(ranks);
    }

    private static Dictionary<string, Score> EvaluateRecoll(string config, string root, List<Query> queries)
    {
        string input = Path.GetTempFileName();
        File.WriteAllLines(input, queries.Select(q => q.Text));
        string script = Path.Combine(AppContext.BaseDirectory, "known-item-recoll.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, config, input]) { RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        var ranks = new List<(string Kind, int Rank)>();
        foreach (Query query in queries)
        {
            string line = process.StandardOutput.ReadLine() ?? "[]";
            string[] paths = JsonSerializer.Deserialize<string[]>(line) ?? [];
            int rank = Array.FindIndex(paths, p => p.StartsWith("file://", StringComparison.Ordinal)
                && Path.GetRelativePath(root, p["file://".Length..]) is { } relative && (query.Book.Files.Contains(relative) || relative == query.Book.Path));
            ranks.Add((query.Kind, rank < 0 ? 0 : rank + 1));
        }

        process.WaitForExit();
        File.Delete(input);
        return Scores(ranks);
    }

    private static Dictionary<string, Score> Scores(List<(string Kind, int Rank)> ranks)
    {
        var scores = new Dictionary<string, Score>();
        foreach (string kind in Kinds.Append("all"))
        {
            int[] r = [.. ranks.Where(x => kind == "all" || x.Kind == kind).Select(x => x.Rank)];
            scores[kind] = r.Length == 0
                ? new Score(0, 0, 0, 0)
                : new Score(r.Length, r.Count(x => x == 1) / (double)r.Length, r.Count(x => x is > 0 and <= 10) / (double)r.Length, r.Sum(x => x is > 0 and <= 10 ? 1.0 / x : 0) / r.Length);
        }

        return scores;
    }

    private static string? MakeQuery(string kind, Book book, Random random)
    {
        if (kind == "title")
        {
            string[] titleWords = [.. Words(book.Title).Where(w => w.Length > 2 && !Common.Contains(w)).Take(3)];
            return titleWords.Length >= 2 ? string.Join(' ', titleWords) : null;
        }

        if (book.Passages.Count == 0)
        {
            return null;
        }

        for (int attempt = 0; attempt < 20; attempt++)
        {
            string[] words = Words(book.Passages[random.Next(book.Passages.Count)]);
            if (words.Length < 40)
            {
                continue;
            }

            int at = random.Next(words.Length - 40);
            string[] window = words[at..(at + 40)];
            switch (kind)
            {
                case "words":
                    string[] remembered = [.. window.Where(w => w.Length >= 5 && !Common.Contains(w) && w.All(char.IsLetter)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(_ => random.Next()).Take(random.Next(3, 5))];
                    if (remembered.Length >= 3)
                    {
                        return string.Join(' ', remembered);
                    }

                    break;
                case "phrase":
                    int start = random.Next(window.Length - 4);
                    string[] phrase = window[start..(start + 4)];
                    if (phrase.All(w => w.All(char.IsLetter)) && phrase.Count(w => !Common.Contains(w) && w.Length > 3) >= 2)
                    {
                        return "\"" + string.Join(' ', phrase) + "\"";
                    }

                    break;
                case "typo":
                    string[] two = [.. window.Where(w => w.Length >= 6 && !Common.Contains(w) && w.All(char.IsLetter)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(_ => random.Next()).Take(2)];
                    if (two.Length == 2)
                    {
                        int which = random.Next(2);
                        two[which] = Typo(two[which], random);
                        return string.Join(' ', two);
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>One typo, not on the first letter: a letter swapped with the next, dropped, doubled, or replaced by a neighbour on the keyboard.</summary>
    private static string Typo(string word, Random random)
    {
        const string keyboard = "qwertyuiopasdfghjklzxcvbnm";
        int at = random.Next(1, word.Length - 1);
        return random.Next(4) switch
        {
            0 => word[..at] + word[at + 1] + word[at] + word[(at + 2)..],
            1 => word.Remove(at, 1),
            2 => word.Insert(at, word[at].ToString()),
            _ => word[..at] + keyboard[(Math.Max(0, keyboard.IndexOf(char.ToLowerInvariant(word[at]), StringComparison.Ordinal)) + 1) % keyboard.Length] + word[(at + 1)..],
        };
    }

    private static string[] Words(string text) =>
        text.Split((char[])[' ', '\n', '\t', '\r', ',', '.', ';', ':', '!', '?', '(', ')', '[', ']', '"', '\'', '“', '”', '‘', '’', '/', '\\', '-', '—', '–', '*', '_', '<', '>', '=', '{', '}', '|', '#', '&', '%', '$', '@', '+', '~', '`', '^'],
            StringSplitOptions.RemoveEmptyEntries);

    private static List<Book> ReadBooks(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        var books = new List<Book>();
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT b.id, b.title, b.path, (SELECT group_concat(f.path, char(10)) FROM files f WHERE f.book_id = b.id AND f.status = 'present') FROM books b WHERE b.status = 'present' ORDER BY b.path";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                books.Add(new Book(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), [.. (reader.IsDBNull(3) ? string.Empty : reader.GetString(3)).Split('\n')], []));
            }
        }

        using SqliteCommand passages = connection.CreateCommand();
        passages.CommandText = "SELECT body FROM passage_text WHERE id BETWEEN $first AND $last ORDER BY id";
        passages.Parameters.AddWithValue("$first", 0L);
        passages.Parameters.AddWithValue("$last", 0L);
        foreach (Book book in books)
        {
            passages.Parameters["$first"].Value = book.Id << 21;
            passages.Parameters["$last"].Value = (book.Id << 21) | ((1L << 21) - 1);
            using SqliteDataReader reader = passages.ExecuteReader();
            while (reader.Read())
            {
                book.Passages.Add(reader.GetString(0));
            }
        }

        return books;
    }

    private sealed record Book(long Id, string Title, string Path, HashSet<string> Files, List<string> Passages);

    private sealed record Query(string Kind, string Text, Book Book);

    private readonly record struct Score(int Count, double At1, double At10, double Mrr);
}
