using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Library.Tests.Catalog;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Search;

/// <summary>The query language, typo tolerance and snippets, on each store.</summary>
public sealed class CatalogSearchTests : IDisposable
{
    private readonly CatalogStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task FieldsAndFiltersNarrowToTheBooksWhoseRecordsSaySo(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Library());

        Assert.Equal(["Moby Dick"], await Titles(catalog, "title:whale OR title:dick"));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "title:\"moby dick\""));
        Assert.Empty(await Titles(catalog, "title:\"dick moby\""));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "author:melville"));
        Assert.Equal(["Emma", "Persuasion"], await Titles(catalog, "by:austen"));
        Assert.Equal(["Emma"], await Titles(catalog, "series:\"novels of manners\""));
        Assert.Equal(["Persuasion"], await Titles(catalog, "tag:navy"));
        Assert.Equal(["Persuasion"], await Titles(catalog, "filename:persuasion"));
        Assert.Equal(["Emma", "Persuasion"], await Titles(catalog, "shelf:AUSTEN"));
        Assert.Equal(["Emma"], await Titles(catalog, "format:epub"));
        Assert.Equal(["Le Rouge et le Noir"], await Titles(catalog, "lang:fr"));
        Assert.Equal(["Emma", "Moby Dick", "Persuasion"], await Titles(catalog, "lang:en"));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "isbn:978-0-14-243724-7"));
        Assert.Equal(["Emma", "Le Rouge et le Noir", "Persuasion"], await Titles(catalog, "year:1810..1830"));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "year:1851"));
        Assert.Equal(["Emma", "Persuasion"], await Titles(catalog, "year:..1817"));
        Assert.Equal(["Le Rouge et le Noir", "Moby Dick"], await Titles(catalog, "-shelf:austen"));
        Assert.Equal(["Persuasion"], await Titles(catalog, "shelf:austen -format:epub"));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "sea year:1850..1900"));
        Assert.Equal(["Persuasion"], await Titles(catalog, "sea shelf:austen"));
        Assert.Equal(["Le Rouge et le Noir", "Moby Dick"], await Titles(catalog, "-(shelf:austen)"));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task WordsMatchInEveryFormWithTheirStemAndPhrasesAndProximityAsWritten(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Library());

        Assert.Equal(["Moby Dick", "Persuasion"], await Titles(catalog, "whales"));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "whaling voyage"));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "\"white whale\""));
        Assert.Empty(await Titles(catalog, "\"whale white\""));
        Assert.Equal(["Moby Dick"], await Titles(catalog, "NEAR(ahab whale, 3)"));
        Assert.Empty(await Titles(catalog, "NEAR(ishmael sea, 5)"));
        Assert.Equal(["Moby Dick", "Persuasion"], await Titles(catalog, "wha*"));
        Assert.Equal(["Emma"], await Titles(catalog, "woodhouse -whale"));
        Assert.Equal(["Le Rouge et le Noir"], await Titles(catalog, "SOREL"));
        Assert.Equal(["Le Rouge et le Noir"], await Titles(catalog, "verrieres"));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task AWordTheCatalogLacksIsCorrectedByItsLengthAndItsHitsComeAfterTheExactOnes(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        await catalog.WriteAsync(Library());

        // One typo for 5 to 8 letters: a swap, a letter missing, one too many, one wrong.
        foreach (string typo in new[] { "woodhuose", "wodhouse", "woodhousse", "woodhoose" })
        {
            SearchResults results = await catalog.SearchAsync(new SearchRequest(typo));
            Assert.Equal("Emma", Assert.Single(results.Hits).Title);
            Assert.True(results.Hits[0].IsCorrected, typo);
            Assert.Equal("woodhouse", results.Suggestion);
        }

        // Two typos for 9 letters or more, not for fewer.
        Assert.Equal(["Persuasion"], await Titles(catalog, "perswashion"[..0] + "persausoin"));
        Assert.Empty(await Titles(catalog, "woodhuuse1"[..0] + "wodhuose"));
        Assert.Equal(["Persuasion"], await Titles(catalog, "admirallty"));

        // Short words, prefixes, fields and phrases are never corrected.
        Assert.Empty(await Titles(catalog, "ahba"));
        Assert.Empty(await Titles(catalog, "woodhuose*"));
        Assert.Empty(await Titles(catalog, "author:melvile"));
        Assert.Empty(await Titles(catalog, "\"white whael\""));

        // Exact before corrected, whatever the rank: "navy" is exact in Persuasion, "sorell" corrects to Sorel in the other.
        SearchResults mixed = await catalog.SearchAsync(new SearchRequest("navy OR sorell"));
        Assert.Equal(["Persuasion", "Le Rouge et le Noir"], mixed.Hits.Select(h => h.Title));
        Assert.Equal([false, true], mixed.Hits.Select(h => h.IsCorrected));
        Assert.Null(mixed.Suggestion); // one exact hit, one corrected: not "far less"

        SearchResults exact = await catalog.SearchAsync(new SearchRequest("woodhuose") { Exact = true });
        Assert.Empty(exact.Hits);
        Assert.Null(exact.Suggestion);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task EveryHitHasASnippetQuotingEachWordsBestPassageOrItsTitle(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        string text = "Call me Ishmael, said the whale hunter. " + string.Join(' ', Enumerable.Repeat("Nothing happens on this page at all.", 400))
            + " Then Ahab stood on the deck.";
        await catalog.WriteAsync([new BookToIndex(Book("sea/moby.txt", "Moby Dick"), text), new BookToIndex(Book("sea/ahab.txt", "Ahab and the Whale"), "nothing else here")]);

        IReadOnlyList<SearchHit> hits = await catalog.SearchAsync("whale ahab");
        Assert.Equal(2, hits.Count);
        SearchHit moby = hits.Single(h => h.Title == "Moby Dick");
        Assert.Equal(["Ahab", "whale"], moby.MatchedWords().Order(StringComparer.Ordinal));
        SearchHit byTitle = hits.Single(h => h.Title != "Moby Dick");
        Assert.Equal("Ahab and the Whale", byTitle.Snippet);
        Assert.Equal(["Ahab", "Whale"], byTitle.MatchedWords());
        Assert.Equal(["whale"], Assert.Single(await catalog.SearchAsync("title:moby whale")).MatchedWords());
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task APhraseDeepInALongBookIsFoundAndWordsFarApartAreNoPhrase(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        var random = new Random(14);
        string[] filler = ["sea", "ship", "rope", "sail", "deck", "mast", "wave", "tide", "salt", "wind"];
        string words = string.Join(' ', Enumerable.Range(0, 120_000).Select(_ => filler[random.Next(filler.Length)]));
        string text = "The white cliffs. " + words + " At last the pale leviathan rose from the deep. " + words + " The end whale.";
        await catalog.WriteAsync([new BookToIndex(Book("long/voyage.txt", "The Long Voyage"), text)]);

        SearchHit hit = Assert.Single(await catalog.SearchAsync("\"pale leviathan rose\""));
        Assert.Equal(["pale", "leviathan", "rose"], hit.MatchedWords());
        Assert.Single(await catalog.SearchAsync("NEAR(leviathan deep, 3)"));
        Assert.Empty(await catalog.SearchAsync("\"white whale\""));
        Assert.Empty(await catalog.SearchAsync("NEAR(cliffs whale, 50)"));
        Assert.Single(await catalog.SearchAsync("cliffs whale"));
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task AWordOnlyFarIntoALongBookIsQuotedFromWhereItIs(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        string filler = string.Join(' ', Enumerable.Repeat("The tide came in and the tide went out again.", 8_000)); // about 360 passages
        await catalog.WriteAsync(
        [
            new BookToIndex(Book("sea/tides.txt", "Tides"), filler + " At last a narwhal surfaced beside the boat. " + filler),
            new BookToIndex(Book("sea/narwhal.txt", "The Narwhal"), filler),
        ]);

        IReadOnlyList<SearchHit> hits = await catalog.SearchAsync("narwhal");
        Assert.Equal(["The Narwhal", "Tides"], hits.Select(h => h.Title).Order(StringComparer.Ordinal));
        Assert.Contains("a narwhal surfaced", hits.Single(h => h.Title == "Tides").Snippet, StringComparison.Ordinal);
        Assert.Equal("The Narwhal", hits.Single(h => h.Title == "The Narwhal").Snippet);
        Assert.Contains("narwhal surfaced beside", Assert.Single(await catalog.SearchAsync("narwhal boat")).Snippet, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task ATitleWithEveryWordOutranksTextThatHasThemAll(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        string sea = string.Join(' ', Enumerable.Repeat("The lighthouse keeper walked to the lighthouse; a keeper of the light.", 50));
        await catalog.WriteAsync(
        [
            new BookToIndex(Book("a/manual.txt", "Harbour Manual"), sea),
            new BookToIndex(Book("b/keeper.txt", "The Lighthouse Keeper"), "A story of the sea, told once."),
            new BookToIndex(Book("c/light.txt", "Lighthouse Lamps"), sea),
        ]);

        Assert.Equal("The Lighthouse Keeper", (await catalog.SearchAsync("lighthouse keeper"))[0].Title);
    }

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task ARepeatedSearchIsAnsweredFromKeptResultsUntilAnotherWriterCommits(string kind)
    {
        string location = _stores.NewLocation(kind);
        using ICatalog writer = CatalogReads.Open(location);
        await writer.WriteAsync(Library());
        using ICatalog reader = CatalogReads.Open(location);

        SearchResults first = await reader.SearchAsync(new SearchRequest("whale"));
        Assert.Same(first, await reader.SearchAsync(new SearchRequest("whale")));
        Assert.NotSame(first, await reader.SearchAsync(new SearchRequest("whale") { Exact = true }));

        // Another catalog (as another process would) adds a book: the reader's kept results no longer hold.
        await writer.WriteAsync([new BookToIndex(Book("sea/pequod.txt", "The Pequod"), "A whale ship out of Nantucket.")]);
        SearchResults after = await reader.SearchAsync(new SearchRequest("whale"));
        Assert.NotSame(first, after);
        Assert.Contains("The Pequod", after.Hits.Select(h => h.Title));

        // And a catalog told to keep none asks the store every time.
        reader.SearchCacheSize = 0;
        Assert.NotSame(await reader.SearchAsync(new SearchRequest("whale")), await reader.SearchAsync(new SearchRequest("whale")));
    }

    private static async Task<string[]> Titles(ICatalog catalog, string query) =>
        [.. (await catalog.SearchAsync(query, limit: 50)).Select(h => h.Title).Order(StringComparer.Ordinal)];

    private static CatalogBook Book(string path, string title, string format = "txt") =>
        new(path.Split('/')[0], path, format, title, null, "en", null, 3, 100, "00", DateTimeOffset.UnixEpoch, null, null);

    /// <summary>Four books with metadata in every field a query can name.</summary>
    internal static BookToIndex[] Library() =>
    [
        new(Book("sea/moby-dick.txt", "Moby Dick") with
        {
            Author = "Herman Melville",
            Metadata = new BookMetadata
            {
                Title = "Moby Dick", Authors = ["Herman Melville"], Published = "1851-10-18", Languages = ["en"], Tags = ["sea", "adventure"],
                Identifiers = [new BookIdentifier("isbn", "9780142437247")],
            },
        }, "Call me Ishmael. The whaling voyage began; Ahab hunted the white whale across the sea. Whales everywhere."),
        new(Book("austen/emma.epub", "Emma", "epub") with
        {
            Author = "Jane Austen",
            Metadata = new BookMetadata { Title = "Emma", Authors = ["Jane Austen"], Published = "1815", Languages = ["en-GB"], Series = "Novels of Manners", Tags = ["romance"] },
        }, "Emma Woodhouse, handsome, clever, and rich, had lived nearly twenty-one years in the world."),
        new(Book("austen/persuasion.txt", "Persuasion") with
        {
            Author = "Jane Austen",
            Metadata = new BookMetadata { Title = "Persuasion", Authors = ["Jane Austen"], Published = "1817-12-20", Languages = ["en"], Tags = ["navy", "romance"] },
        }, "Captain Wentworth of the navy returned from the sea; the admiralty and persuasion had parted them. A whale of a tale."),
        new(Book("france/rouge.txt", "Le Rouge et le Noir") with
        {
            Author = "Stendhal",
            Language = "fr",
            Metadata = new BookMetadata { Title = "Le Rouge et le Noir", Authors = ["Stendhal"], Published = "1830", Languages = ["fr"] },
        }, "La petite ville de Verrières peut passer pour l'une des plus jolies de la Franche-Comté. Julien Sorel."),
    ];
}
