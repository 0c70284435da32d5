using Bookline.Catalog.PostgreSql;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Catalog;

/// <summary>The catalog's contract, on each store.</summary>
public sealed class CatalogTests : IDisposable
{
    private readonly CatalogStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task ANewSqliteCatalogIsCreatedAtTheCurrentSchemaVersion()
    {
        using var catalog = (SqliteCatalog)_stores.OpenNew("sqlite");
        Assert.Equal(SqliteCatalog.CurrentSchemaVersion, catalog.SchemaVersion);
        Assert.Equal(0, (await catalog.GetStatusAsync()).Books);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task ReopeningKeepsTheBooks(string kind)
    {
        string location = _stores.NewLocation(kind);
        using (ICatalog catalog = CatalogReads.Open(location))
        {
            await catalog.WriteAsync(Indexed([(Book("a/whale.txt", "The Whale"), "Call me Ishmael")]));
        }

        using ICatalog again = CatalogReads.Open(location);
        Assert.Equal(1, (await again.GetStatusAsync()).Books);
        Assert.Equal("The Whale", (await again.FindByPathAsync("a/whale.txt"))!.Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task EveryPartOfABooksMetadataIsKeptAndEveryAuthorAndTheSeriesAreSearched(string kind)
    {
        string location = _stores.NewLocation(kind);
        var metadata = new Bookline.Library.Formats.BookMetadata
        {
            Title = "Good Omens",
            Authors = ["Terry Pratchett", "Neil Gaiman"],
            AuthorSort = "Pratchett, Terry & Gaiman, Neil",
            Series = "Apocalypse Quartet",
            SeriesIndex = 1.5,
            Identifiers = [new("isbn", "9780575048006"), new("amazon", "B000FC1KZO")],
            Publisher = "Gollancz",
            Published = "1990-05",
            Languages = ["en", "fr"],
            Tags = ["Fantasy", "Humour"],
            Description = "The world will end on a Saturday.",
            Rating = 4.5,
        };
        using (ICatalog catalog = CatalogReads.Open(location))
        {
            await catalog.WriteAsync(Indexed([(Book("a/omens.epub", "Good Omens") with { Author = "Terry Pratchett", Metadata = metadata, Cover = "a/omens.epub!/cover.jpg" }, "Just before tea")]));
            await catalog.WriteAsync(Indexed([(Book("a/other.txt", "Other"), "nothing")]));
        }

        using ICatalog again = CatalogReads.Open(location);
        CatalogBook book = (await again.FindByPathAsync("a/omens.epub"))!;
        Assert.Equal("a/omens.epub!/cover.jpg", book.Cover);
        Assert.Equal(metadata.Authors, book.Metadata.Authors);
        Assert.Equal(metadata.Identifiers, book.Metadata.Identifiers);
        Assert.Equal(metadata.Languages, book.Metadata.Languages);
        Assert.Equal(metadata.Tags, book.Metadata.Tags);
        Assert.Equal(metadata with { Authors = [], Identifiers = [], Languages = [], Tags = [] }, book.Metadata with { Authors = [], Identifiers = [], Languages = [], Tags = [] });
        // A book written without metadata has its title, author and language as its metadata.
        Assert.Equal("Other", (await again.FindByPathAsync("a/other.txt"))!.Metadata.Title);
        Assert.Equal(["Good Omens"], (await again.SearchAsync("gaiman")).Select(h => h.Title));
        Assert.Equal(["Good Omens"], (await again.SearchAsync("apocalypse")).Select(h => h.Title));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task SearchRanksBetterMatchesFirstAndHighlightsTheWords(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed(
        [
            (Book("sea/whale.txt", "The Whale"), "whales whales whales, and the sea where whales swim"),
            (Book("sea/boat.txt", "A Boat"), "a boat passed a whale once, far away, on a grey morning"),
            (Book("land/cows.txt", "Cows"), "cows in a meadow"),
        ]));

        IReadOnlyList<SearchHit> hits = (await catalog.SearchAsync("whale"));

        Assert.Equal(["The Whale", "A Boat"], hits.Select(h => h.Title));
        Assert.Contains(hits[0].MatchedWords(), w => w.StartsWith("whale", StringComparison.OrdinalIgnoreCase));
        Assert.True(hits[0].Rank < hits[1].Rank);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task StemmingAndDiacriticsAreFolded(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("x/cafe.txt", "Notes"), "the café was running")]));
        Assert.Single((await catalog.SearchAsync("cafe")));
        Assert.Single((await catalog.SearchAsync("runs")));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task APhraseMatchesOnlyItsWordsInOrder(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("a.txt", "A"), "the white whale swam"), (Book("b.txt", "B"), "the whale was white")]));
        Assert.Equal("A", Assert.Single((await catalog.SearchAsync("\"white whale\""))).Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task FiltersNarrowByShelfFormatAndAuthor(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed(
        [
            (Book("fiction/a.txt", "A", shelf: "fiction", author: "Jane Austen"), "a garden party"),
            (Book("poetry/b.epub", "B", shelf: "poetry", format: "epub", author: "William Blake"), "a garden of love"),
        ]));
        Assert.Equal("B", Assert.Single((await catalog.SearchAsync("garden", new SearchFilter(Shelf: "poetry")))).Title);
        Assert.Equal("B", Assert.Single((await catalog.SearchAsync("garden", new SearchFilter(Format: "epub")))).Title);
        Assert.Equal("A", Assert.Single((await catalog.SearchAsync("garden", new SearchFilter(Author: "austen")))).Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task QueriesThatOnceWereSyntaxErrorsAreSearches(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("a.txt", "A"), "the whale was Elton's fault, said the ferry-boats; run apt-get"), (Book("b.txt", "B"), "and nothing else")]));
        foreach (string query in new[] { "\"unbalanced whale", "whale OR", "warmer elton's fault", "ferry-boats", "apt-get", "whale AND", "boats:ferry" })
        {
            Assert.True((await catalog.SearchAsync(query)).Count <= 1, query);
        }

        Assert.Equal("A", Assert.Single(await catalog.SearchAsync("elton's fault")).Title);
        Assert.Equal("A", Assert.Single(await catalog.SearchAsync("ferry-boats")).Title);
        Assert.Equal("A", Assert.Single(await catalog.SearchAsync("\"the whale")).Title);
        Assert.Equal("B", Assert.Single(await catalog.SearchAsync("AND")).Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task QueriesAreParametersNeverSql(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("a.txt", "A"), "whale")]));
        Assert.Empty((await catalog.SearchAsync("\"x'); DROP TABLE books; --\"")));
        Assert.Empty((await catalog.SearchAsync("whale", new SearchFilter(Shelf: "x' OR '1'='1"))));
        Assert.Equal(1, (await catalog.GetStatusAsync()).Books);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task RewritingABookReplacesItsRowAndItsText(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        long first = (await catalog.WriteAsync(Indexed([(Book("a.txt", "Old"), "ancient words")])))[0];
        long second = (await catalog.WriteAsync(Indexed([(Book("a.txt", "New"), "modern words")])))[0];
        Assert.Equal(first, second);
        Assert.Empty((await catalog.SearchAsync("ancient")));
        Assert.Equal("New", Assert.Single((await catalog.SearchAsync("modern"))).Title);
        Assert.Equal(1, (await catalog.GetStatusAsync()).Books);
        Assert.Equal("New", (await catalog.FindAsync(first))!.Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task FailuresAreRecordedAndClearedWhenTheFileIsCatalogedLater(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.RecordFailureAsync(new CatalogFailure("b/locked.pdf", "b", "scan", "encrypted PDF: it needs a password to open", 1, DateTimeOffset.UtcNow));
        await catalog.RecordFailureAsync(new CatalogFailure("b/locked.pdf", "b", "scan", "encrypted PDF: it needs a password to open", 2, DateTimeOffset.UtcNow));
        CatalogFailure failure = Assert.Single((await catalog.FailuresAsync()));
        Assert.Equal(("encrypted PDF: it needs a password to open", 2), (failure.Reason, failure.Attempts));
        Assert.Equal(1, (await catalog.GetStatusAsync()).Failures);
        await catalog.WriteAsync(Indexed([(Book("b/locked.pdf", "Unlocked"), "text")]));
        Assert.Empty((await catalog.FailuresAsync()));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task StatusCountsByShelfAndFormat(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed(
        [
            (Book("a/1.txt", "1", shelf: "a"), "x"),
            (Book("a/2.pdf", "2", shelf: "a", format: "pdf"), "x"),
            (Book("b/3.txt", "3", shelf: "b"), "x"),
        ]));
        CatalogStatus status = (await catalog.GetStatusAsync());
        Assert.Equal(3, status.Books);
        Assert.Equal(2, status.ByShelf["a"]);
        Assert.Equal(2, status.ByFormat["txt"]);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task KnownFilesAndRemovedBooksSupportARescan(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        var modified = new DateTimeOffset(2026, 11, 25, 9, 30, 15, TimeSpan.Zero);
        await catalog.WriteAsync(Indexed([(Book("a/kept.txt", "Kept") with { ModifiedUtc = modified, Sha256 = "ab" }, "x"), (Book("a/gone.txt", "Gone"), "x")]));

        KnownFile kept = (await catalog.KnownFilesAsync())["a/kept.txt"];
        Assert.Equal(new KnownFile("a/kept.txt", 100L, modified, "ab"), kept with { BookUpdatedUtc = default });
        Assert.True(kept.BookUpdatedUtc > DateTimeOffset.UtcNow.AddMinutes(-5), "the book's write time is the catalog's");
        Assert.Equal(1, (await catalog.MarkRemovedExceptAsync(new HashSet<string>(StringComparer.Ordinal) { "a/kept.txt" })));
        Assert.Equal(["a/kept.txt"], (await catalog.KnownFilesAsync()).Keys);
        Assert.Empty((await catalog.SearchAsync("gone")));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task ABookOfSeveralFilesIsOneBookFoundByAnyOfItsFilesAndSearchedOnce(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        CatalogBook emma = Book("n/emma.epub", "Emma", format: "epub") with
        {
            Key = "n/emma",
            Files = [File("n/emma.epub", "epub", "e1"), File("n/Emma.txt", "txt", "t1"), File("n/emma.pdf", "pdf", "p1")],
        };
        await catalog.WriteAsync(Indexed([(emma, "Emma Woodhouse, handsome, clever, and rich")]));

        CatalogBook found = (await catalog.FindByPathAsync("n/Emma.txt"))!;
        Assert.Equal(("n/emma", "n/emma.epub"), (found.BookKey, found.Path));
        Assert.Equal(["n/emma.epub", "n/Emma.txt", "n/emma.pdf"], found.Files.Select(f => f.Path)); // the main file first
        Assert.Equal(found.Id, (await catalog.FindByPathAsync("n/emma.pdf"))!.Id);
        Assert.Single((await catalog.SearchAsync("woodhouse")));
        Assert.Single((await catalog.SearchAsync("woodhouse", new SearchFilter { Format = "pdf" })));
        CatalogStatus status = (await catalog.GetStatusAsync());
        Assert.Equal((1L, 3L), (status.Books, status.Files));
        Assert.Equal(new Dictionary<string, long> { ["epub"] = 1, ["pdf"] = 1, ["txt"] = 1 }, status.ByFormat);
        Assert.Equal("n/emma", (await catalog.KnownFilesAsync())["n/emma.pdf"].BookKey);

        // Written again with two files: the third is no longer the book's.
        await catalog.WriteAsync(Indexed([(emma with { Files = [File("n/emma.epub", "epub", "e2"), File("n/Emma.txt", "txt", "t1")] }, "Emma Woodhouse")]));
        Assert.Null((await catalog.FindByPathAsync("n/emma.pdf")));
        Assert.Equal(2, (await catalog.GetStatusAsync()).Files);

        // The PDF removed from disk and the text alone left: the book stays, with what is left of it.
        Assert.Equal(0, (await catalog.MarkRemovedExceptAsync(new HashSet<string>(StringComparer.Ordinal) { "n/Emma.txt" })));
        Assert.Equal(["n/Emma.txt"], (await catalog.FindByPathAsync("n/Emma.txt"))!.Files.Select(f => f.Path));
        Assert.Equal(1, (await catalog.MarkRemovedExceptAsync(new HashSet<string>(StringComparer.Ordinal))));
        Assert.Equal(0, (await catalog.GetStatusAsync()).Books);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task BooksListsEveryPresentBookWithItsFilesAndSidecarsAreCounted(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed(
        [
            (Book("n/emma.epub", "Emma", format: "epub") with { Key = "n/emma", Files = [File("n/emma.epub", "epub", "e"), File("n/emma.txt", "txt", "t")] }, "Emma"),
            (Book("n/gone.txt", "Gone"), "gone"),
        ]));
        await catalog.MarkRemovedExceptAsync(new HashSet<string>(StringComparer.Ordinal) { "n/emma.epub", "n/emma.txt" });
        await catalog.ReplaceSidecarsAsync(new Dictionary<string, string> { ["n/metadata.opf"] = "metadata", ["n/cover.jpg"] = "cover" });
        await catalog.ReplaceSidecarsAsync(new Dictionary<string, string> { ["n/metadata.opf"] = "metadata" });

        CatalogBook emma = Assert.Single((await catalog.BooksAsync()));
        Assert.Equal(["n/emma.epub", "n/emma.txt"], emma.Files.Select(f => f.Path));
        Assert.Equal(new Dictionary<string, long> { ["metadata"] = 1 }, (await catalog.GetStatusAsync()).Sidecars);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task AFileThatJoinsAnotherBookLeavesItsOldBookRemovedWhenItHasNoFileLeft(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("n/emma.epub", "Emma", format: "epub"), "Emma"), (Book("n/emma.txt", "Emma"), "Emma")]));
        Assert.Equal(2, (await catalog.GetStatusAsync()).Books); // as a catalog written one book per file has them

        await catalog.WriteAsync(Indexed([(Book("n/emma.epub", "Emma", format: "epub") with { Key = "n/emma", Files = [File("n/emma.epub", "epub", "e"), File("n/emma.txt", "txt", "t")] }, "Emma")]));

        Assert.Equal(1, (await catalog.GetStatusAsync()).Books);
        Assert.Single((await catalog.SearchAsync("emma")));
        Assert.Equal("n/emma", (await catalog.FindByPathAsync("n/emma.txt"))!.BookKey);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task AHugeBookWithAVastVocabularyIsStillIndexed(string kind)
    {
        // 150,000 distinct words: past PostgreSQL's 1 MB tsvector limit even without positions,
        // so there only the beginning of the text is indexed.
        string text = "leviathan " + string.Join(' ', Enumerable.Range(0, 150_000).Select(i => $"w{i:x}q"));
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("big.txt", "Big"), text)]));
        Assert.Equal("Big", Assert.Single((await catalog.SearchAsync("leviathan"))).Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task AWordDeepInALargeBookIsQuotedFromWhereItStands(string kind)
    {
        // About 600 KB of filler before the word: the snippet must come from the passage that holds it.
        string text = string.Concat(Enumerable.Repeat("the sea was calm and grey that morning. ", 15_000)) + "then the narwhal surfaced beside the boat";
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("deep.txt", "Deep"), text), (Book("shallow.txt", "Shallow"), "a narwhal")]));

        IReadOnlyList<SearchHit> hits = (await catalog.SearchAsync("narwhal"));

        SearchHit deep = Assert.Single(hits, h => h.Title == "Deep");
        Assert.Contains("narwhal", deep.MatchedWords());
        Assert.Contains("surfaced", deep.Snippet, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task ABooksOwnControlCharactersCannotForgeAHighlight(string kind)
    {
        // Real PDFs hold U+0002 for a minus sign; the stores once marked matches with U+0002 and U+0003.
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("gauge.txt", "Gauge"), "the pressure fell by \u0002 10 \u0003 mbar in \u0002\u0002an hour\u0003, then \u0001\u001b[31m rose")]));

        SearchHit hit = Assert.Single((await catalog.SearchAsync("mbar")));

        Assert.Equal(["mbar"], hit.MatchedWords());
        Assert.DoesNotContain(hit.Snippet, c => char.IsControl(c) && !char.IsWhiteSpace(c));
        Assert.Contains("10", hit.Snippet, StringComparison.Ordinal);
        Assert.All(hit.Highlights, h => Assert.InRange(h.Start + h.Length, 1, hit.Snippet.Length));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task ABookOfCharactersBeyondTheBasicPlaneIsWrittenWhole(string kind)
    {
        // Long runs without a space, of characters made of two UTF-16 halves: no passage may cut one in two.
        string text = "x" + string.Concat(Enumerable.Repeat("\U0001F600", 2500)) + " then a narwhal " + string.Concat(Enumerable.Repeat("\U00010348", 2500));
        using ICatalog catalog = _stores.OpenNew(kind);

        await catalog.WriteAsync(Indexed([(Book("emoji.txt", "Faces"), text)]));

        Assert.Contains(Assert.Single((await catalog.SearchAsync("narwhal"))).MatchedWords(), w => w.StartsWith("narwhal", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task NulCharactersInADamagedFilesMetadataDoNotStopItsWrite(string kind)
    {
        // A PDF's title string can hold NUL bytes; PostgreSQL text cannot.
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("bi.pdf", "Bilingual\0 captions", author: "Axel\0 Sommerfeldt") with { Warnings = "odd\0" }, "captions in two languages\0")]));

        SearchHit hit = Assert.Single((await catalog.SearchAsync("captions")));
        Assert.StartsWith("Bilingual", hit.Title, StringComparison.Ordinal);
        Assert.Single((await catalog.SearchAsync("sommerfeldt")));
        await catalog.RecordFailureAsync(new CatalogFailure("torn.pdf", "shelf", "scan", "bad\0 object", 1, DateTimeOffset.UtcNow));
        Assert.StartsWith("bad", Assert.Single((await catalog.FailuresAsync())).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void APostgresAddressBecomesConnectionSettingsAndABadOneIsAClearError()
    {
        var builder = PostgresCatalog.ToConnectionString("postgres://librarian:p%40ss@db.example:5433/books?Timeout=5");
        Assert.Equal(("db.example", 5433, "books", "librarian", "p@ss", 5), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.Timeout));
        var error = Assert.Throws<ArgumentException>(() => PostgresCatalog.ToConnectionString("postgres:/nohost"));
        Assert.Contains("is not a PostgreSQL address", error.Message, StringComparison.Ordinal);
    }

    private static CatalogFile File(string path, string format, string sha256) =>
        new(path, format, null, 3, 100, sha256, DateTimeOffset.UnixEpoch, null, null);

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task OutcomesSinceCountEachFileOnceByItsLatestOutcomeAndTheBooksItsWrittenFilesMake(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Indexed([(Book("old.txt", "Old"), "written before")]));
        DateTimeOffset since = await catalog.NowAsync();
        await catalog.WriteAsync(Indexed(
        [
            (Book("n/emma.epub", "Emma", format: "epub") with { Key = "n/emma", Files = [File("n/emma.epub", "epub", "e"), File("n/emma.txt", "txt", "t")] }, "Emma"),
            (Book("p/persuasion.txt", "Persuasion"), "Anne Elliot"),
        ]));
        await catalog.RecordSkipAsync(new CatalogSkip("n/photo.jpg", "n", "not a book format Bookline reads (.jpg)", DateTimeOffset.UtcNow));
        await catalog.RecordFailureAsync(new CatalogFailure("n/torn.pdf", "n", "scan", "not a readable PDF", 1, DateTimeOffset.UtcNow));
        // Skipped first, then failed: the latest outcome counts, and a file has one outcome at a time.
        await catalog.RecordSkipAsync(new CatalogSkip("n/odd.bin", "n", "not a book format Bookline reads (.bin)", DateTimeOffset.UtcNow));
        await catalog.RecordFailureAsync(new CatalogFailure("n/odd.bin", "n", "scan", "it is odd", 1, DateTimeOffset.UtcNow.AddSeconds(1)));

        CatalogOutcomes outcomes = await catalog.OutcomesSinceAsync(
            ["old.txt", "n/emma.epub", "n/emma.txt", "p/persuasion.txt", "n/photo.jpg", "n/torn.pdf", "n/odd.bin", "never/sent.txt"], since);

        Assert.Equal((3, 1, 2), (outcomes.Written, outcomes.Skipped, outcomes.Failed));
        Assert.Equal(2, outcomes.Books); // Emma in two files, and Persuasion
        Assert.Equal(6, outcomes.Total);
        Assert.DoesNotContain(await catalog.SkippedAsync(), s => s.Path == "n/odd.bin");
    }

    private static CatalogBook Book(string path, string title, string shelf = "shelf", string format = "txt", string? author = null) =>
        new(shelf, path, format, title, author, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null);

    private static BookToIndex[] Indexed(IReadOnlyList<(CatalogBook Book, string Text)> books) => [.. books.Select(b => new BookToIndex(b.Book, b.Text))];
}
