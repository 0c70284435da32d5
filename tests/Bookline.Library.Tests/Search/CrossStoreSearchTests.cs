using System.Text;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Library.Tests.Catalog;

namespace Bookline.Library.Tests.Search;

/// <summary>The same query finds the same books in SQLite and PostgreSQL.</summary>
public sealed class CrossStoreSearchTests : IDisposable
{
    private const int Seed = 1414;
    private const int Queries = 400;

    private static readonly string[] Stems = ["whale", "ship", "harbour", "lantern", "garden", "keeper", "storm", "island", "captain", "letter", "music", "winter", "bread", "river", "stone"];
    private static readonly string[] Endings = ["", "s", "ing", "ed", "er"];
    private static readonly string[] Shelves = ["sea", "land", "Sci-Fi"];
    private static readonly string[] Formats = ["txt", "epub", "pdf"];
    private static readonly string[] Languages = ["en", "fr", "en-GB"];

    private readonly CatalogStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [PostgresFact]
    public async Task HundredsOfGeneratedQueriesFindTheSameBooksInBothStores()
    {
        var random = new Random(Seed);
        BookToIndex[] books = [.. Enumerable.Range(0, 60).Select(i => RandomBook(random, i))];
        using ICatalog sqlite = _stores.OpenNew("sqlite");
        using ICatalog postgres = _stores.OpenNew("postgres");
        await sqlite.WriteAsync(books);
        await postgres.WriteAsync(books);

        int nonEmpty = 0;
        for (int i = 0; i < Queries; i++)
        {
            string query = RandomQuery(random, depth: 0);
            foreach (bool exact in new[] { true, false })
            {
                var request = new SearchRequest(query) { Limit = 100, Exact = exact };
                string[] fromSqlite = [.. (await sqlite.SearchAsync(request)).Hits.Select(h => h.Path).Order(StringComparer.Ordinal)];
                string[] fromPostgres = [.. (await postgres.SearchAsync(request)).Hits.Select(h => h.Path).Order(StringComparer.Ordinal)];
                Assert.True(fromSqlite.SequenceEqual(fromPostgres),
                    $"Seed {Seed}, query {i} ({(exact ? "exact" : "with typos")}): {query}\nSQLite: {string.Join(", ", fromSqlite)}\nPostgreSQL: {string.Join(", ", fromPostgres)}");
                nonEmpty += fromSqlite.Length > 0 ? 1 : 0;
            }
        }

        // The queries must find something often enough for the comparison to mean anything.
        Assert.True(nonEmpty > Queries / 2, $"only {nonEmpty} of {2 * Queries} searches found a book");
    }

    private static string Word(Random random) => Stems[random.Next(Stems.Length)] + Endings[random.Next(Endings.Length)];

    private static BookToIndex RandomBook(Random random, int i)
    {
        var text = new StringBuilder();
        int words = random.Next(20, 3000);
        for (int w = 0; w < words; w++)
        {
            text.Append(Word(random)).Append(w % 13 == 12 ? ". " : " ");
        }

        string title = $"{Word(random)} {Word(random)}";
        string shelf = Shelves[random.Next(Shelves.Length)];
        string format = Formats[random.Next(Formats.Length)];
        string language = Languages[random.Next(Languages.Length)];
        var book = new CatalogBook(shelf, $"{shelf}/{i}-{Word(random)}.{format}", format, title, $"Author {Word(random)}", language, null, words, words * 6, $"{i:x2}", DateTimeOffset.UnixEpoch, null, null)
        {
            Metadata = new BookMetadata
            {
                Title = title, Authors = [$"Author {Word(random)}"], Languages = [language], Series = random.Next(3) == 0 ? $"The {Word(random)} series" : null,
                Tags = [Word(random)], Published = (1800 + random.Next(220)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Identifiers = random.Next(4) == 0 ? [new BookIdentifier("isbn", $"97800000{i:D5}")] : [],
            },
        };
        return new BookToIndex(book, text.ToString());
    }

    private static string RandomQuery(Random random, int depth)
    {
        int parts = random.Next(1, 4);
        var query = new List<string>();
        for (int p = 0; p < parts; p++)
        {
            query.Add(random.Next(16) switch
            {
                0 => $"\"{Word(random)} {Word(random)}\"",
                1 => $"{Word(random)} OR {Word(random)}",
                2 => $"-{Word(random)}",
                3 => $"{Word(random)[..3]}*",
                4 => $"NEAR({Word(random)} {Word(random)}, {random.Next(0, 6)})",
                5 => $"title:{Word(random)}",
                6 => $"author:{Word(random)}",
                7 => $"tag:{Word(random)}",
                8 => $"series:{Word(random)}",
                9 => $"shelf:{Shelves[random.Next(Shelves.Length)]}",
                10 => $"format:{Formats[random.Next(Formats.Length)]}",
                11 => $"lang:{Languages[random.Next(Languages.Length)].Split('-')[0]}",
                12 => $"year:{1800 + random.Next(220)}..{1850 + random.Next(220)}",
                13 when depth < 2 => $"({RandomQuery(random, depth + 1)})",
                14 => Typo(random, Word(random)),
                _ => Word(random),
            });
        }

        return string.Join(' ', query);
    }

    private static string Typo(Random random, string word)
    {
        int at = random.Next(1, word.Length - 1);
        return random.Next(3) switch
        {
            0 => word.Remove(at, 1),
            1 => word[..at] + word[at + 1] + word[at] + word[(at + 2)..],
            _ => word.Insert(at, "x"),
        };
    }
}
