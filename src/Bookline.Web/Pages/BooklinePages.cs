using System.Globalization;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Library.Search;
using Bookline.Web.Covers;
using Bookline.Web.Opds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bookline.Web.Pages;

/// <summary>
/// The pages people read the catalog with: the books grid, the lists by author, series, shelf, tag,
/// format and language, recent books, duplicates, a book's page, search, failures and statistics.
/// Lists are numbered from page 1 and can be reordered; every value a page shows comes from the
/// catalog and is written by the templates, which encode it.
/// </summary>
internal static class BooklinePages
{
    /// <summary>The last page of search results (10,000 hits at 20 a page): a page costs every hit before it.</summary>
    public const int MaxSearchPage = 500;

    private const int SearchPageSize = 20;

    private static readonly (string Key, string Label, BookOrder Order)[] BookSorts =
    [
        ("title", "title", BookOrder.Title),
        ("author", "author", BookOrder.Author),
        ("added", "recently added", BookOrder.Added),
        ("series", "series", BookOrder.Series),
    ];

    public static void Map(RouteGroupBuilder group, ICatalogReader catalog, BooklineWebOptions options, DataVersionCache<BooksSnapshot> books, CoverStore covers)
    {
        StaticAssets.Map(group);
        group.MapGet("/", async (string? q, string? shelf, string? format, string? author, string? exact, int? page, string? sort, HttpContext context, CancellationToken aborted) =>
        {
            if (new[] { q, shelf, format, author }.All(string.IsNullOrWhiteSpace))
            {
                BooksSnapshot shelfOfBooks = await books.GetAsync(aborted).ConfigureAwait(false);
                return Grid(context, options, covers, "/", "All books", "/", shelfOfBooks.ByTitle, page, sort, up: null);
            }

            return await SearchAsync(context, catalog, options, books, covers, q, shelf, format, author, exact, page, aborted).ConfigureAwait(false);
        });
        group.MapGet("/recent", async (int? page, HttpContext context, CancellationToken aborted) =>
        {
            BooksSnapshot snapshot = await books.GetAsync(aborted).ConfigureAwait(false);
            return Grid(context, options, covers, "/recent", "Recently added", "/recent", snapshot.Recent, page, sort: null, up: null, sortable: false);
        });
        foreach (OpdsFacet facet in OpdsFacet.All)
        {
            string path = "/" + facet.Name;
            string heading = char.ToUpperInvariant(facet.Name[0]) + facet.Name[1..];
            group.MapGet(path, async (int? page, string? sort, HttpContext context, CancellationToken aborted) =>
            {
                BooksSnapshot snapshot = await books.GetAsync(aborted).ConfigureAwait(false);
                return FacetList(context, options, path, heading, facet, facet.Counts(snapshot.ByTitle), page, sort);
            });
            group.MapGet(path + "/{**value}", async (string value, int? page, string? sort, HttpContext context, CancellationToken aborted) =>
            {
                value = OpdsFacet.FromRoute(value);
                IReadOnlyList<CatalogBook> found = facet.Books((await books.GetAsync(aborted).ConfigureAwait(false)).ByTitle, value);
                if (found.Count == 0)
                {
                    return Message(context, options, path, "Nothing here", $"No book has {value} in {facet.Name}.", StatusCodes.Status404NotFound);
                }

                // A series reads in its own order; the others offer the grid's orders.
                bool series = facet.Name == "series";
                return Grid(context, options, covers, path, value, path + "/" + Uri.EscapeDataString(value), found, page, sort, up: ("All " + facet.Name, path), sortable: !series);
            });
        }

        group.MapGet("/book/{id:long}", async (long id, HttpContext context, CancellationToken aborted) =>
            (await books.GetAsync(aborted).ConfigureAwait(false)).ById.TryGetValue(id, out CatalogBook? book)
                ? Page(context, options, "/", book.Title, PageViews.Book(BookPage(context.Request.PathBase, book, options, covers)))
                : Message(context, options, "/", "No such book", $"No book {id.ToString(CultureInfo.InvariantCulture)} in the catalog.", StatusCodes.Status404NotFound));
        group.MapGet("/duplicates", async (HttpContext context, CancellationToken aborted) =>
        {
            CatalogDuplicates duplicates = BookList.Duplicates((await books.GetAsync(aborted).ConfigureAwait(false)).ByTitle);
            return Page(context, options, "/duplicates", "Duplicates", PageViews.Duplicates(new DuplicatesModel(context.Request.PathBase, duplicates)));
        });
        group.MapGet("/failures", async (HttpContext context, CancellationToken aborted) =>
            Page(context, options, "/failures", "Failures", PageViews.Failures(new FailuresModel(await catalog.FailuresAsync(aborted).ConfigureAwait(false), await catalog.SkippedAsync(aborted).ConfigureAwait(false)))));
        group.MapGet("/stats", async (HttpContext context, CancellationToken aborted) =>
            Page(context, options, "/stats", "Statistics", PageViews.Statistics(await catalog.GetStatusAsync(aborted).ConfigureAwait(false))));
        group.MapGet("/live", (HttpContext context) => options.LiveScan is { } library
            ? Page(context, options, "/live", "Live scan", PageViews.Live(library))
            : Message(context, options, "/live", "No scan is running", "No scan is running in this process: start one with bookline scan <library> --serve.", StatusCodes.Status404NotFound));
        group.MapGet("/login", (HttpContext context) =>
            Message(context, options, "/login", "Nothing to sign in to", "This catalog has no accounts: every page is open. Accounts are added with bookline users add <name>."));
        group.MapGet("/api/search", async (string? q, int? limit, string? exact, CancellationToken aborted) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return Results.BadRequest(new { error = "The query is empty: give the words to find, as in /api/search?q=whale." });
            }

            SearchResults results = await catalog.SearchAsync(
                new SearchRequest(q) { Limit = Math.Clamp(limit ?? 20, 1, 100), Exact = IsOn(exact) }, aborted).ConfigureAwait(false);
            return Results.Json(new { query = q, results.Understood, results.Suggestion, results.Notes, results.Hits });
        });
        group.MapFallback((HttpContext context) => Message(context, options, string.Empty, "Not found", "There is no page at this address.", StatusCodes.Status404NotFound));
    }

    /// <summary>A page in the layout, with the account signed in with a cookie (<see cref="BooklineAccess"/> puts it in the request's items).</summary>
    public static IResult Page(HttpContext context, BooklineWebOptions options, string section, string title, RazorSlices.RazorSlice body, int status = StatusCodes.Status200OK, string? query = null) =>
        PageViews.Page(
            new PageFrame(context.Request.PathBase, options.Title, title, section, query, context.Items[BooklineAccess.CookieUserKey] as string, options.LiveScan is not null, body),
            status);

    public static IResult Message(HttpContext context, BooklineWebOptions options, string section, string heading, string text, int status = StatusCodes.Status200OK) =>
        Page(context, options, section, heading, PageViews.Message(new MessageModel(heading, text)), status);

    private static IResult Grid(HttpContext context, BooklineWebOptions options, CoverStore covers, string section, string heading, string path,
        IReadOnlyList<CatalogBook> list, int? page, string? sort, (string Label, string Href)? up, bool sortable = true)
    {
        string basePath = context.Request.PathBase;
        (string Key, string Label, BookOrder Order) order = sortable ? BookSorts.FirstOrDefault(s => s.Key == sort, BookSorts[0]) : default;
        if (sortable && order.Key != "title")
        {
            list = BookList.Select(list, order: order.Order);
            if (order.Order == BookOrder.Added)
            {
                list = [.. list.Reverse()];
            }
        }

        int count = Math.Max(1, (list.Count + options.PageSize - 1) / options.PageSize);
        int number = page ?? 1;
        if (number < 1 || number > count)
        {
            return Message(context, options, section, "No such page", $"There is no page {number} of {heading}: pages go from 1 to {count}.", StatusCodes.Status404NotFound);
        }

        string Link(int p, string? key) => basePath + path + Query(("sort", key is null or "title" ? null : key), ("page", p == 1 ? null : p.ToString(CultureInfo.InvariantCulture)));
        IReadOnlyList<BookCard> cards = [.. list.Skip((number - 1) * options.PageSize).Take(options.PageSize).Select(b => Card(basePath, b, covers))];
        IReadOnlyList<SortLink> sorts = sortable ? [.. BookSorts.Select(s => new SortLink(s.Label, Link(1, s.Key), s.Key == order.Key))] : [];
        var model = new GridModel(basePath, heading, list.Count, cards, PageLinks.For(number, count, p => Link(p, sortable ? order.Key : null)), sorts, up is { } u ? (u.Label, basePath + u.Href) : null);
        return Page(context, options, section, heading, PageViews.Grid(model));
    }

    private static IResult FacetList(HttpContext context, BooklineWebOptions options, string path, string heading, OpdsFacet facet, IReadOnlyList<(string Value, int Count)> values, int? page, string? sort)
    {
        string basePath = context.Request.PathBase;
        bool byCount = sort == "count";
        if (byCount)
        {
            values = [.. values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.OrdinalIgnoreCase)];
        }

        const int perPage = 200;
        int count = Math.Max(1, (values.Count + perPage - 1) / perPage);
        int number = page ?? 1;
        if (number < 1 || number > count)
        {
            return Message(context, options, path, "No such page", $"There is no page {number} of {facet.Name}: pages go from 1 to {count}.", StatusCodes.Status404NotFound);
        }

        string Link(int p, bool counted) => basePath + path + Query(("sort", counted ? "count" : null), ("page", p == 1 ? null : p.ToString(CultureInfo.InvariantCulture)));
        var model = new FacetListModel(
            heading,
            [.. values.Skip((number - 1) * perPage).Take(perPage).Select(v => (v.Value, v.Count, basePath + path + "/" + Uri.EscapeDataString(v.Value)))],
            values.Count,
            PageLinks.For(number, count, p => Link(p, byCount)),
            [new SortLink("name", Link(1, false), !byCount), new SortLink("number of books", Link(1, true), byCount)]);
        return Page(context, options, path, heading, PageViews.FacetList(model));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, ICatalogReader catalog, BooklineWebOptions options, DataVersionCache<BooksSnapshot> books, CoverStore covers,
        string? q, string? shelf, string? format, string? author, string? exact, int? page, CancellationToken aborted)
    {
        string basePath = context.Request.PathBase;
        var filter = new SearchFilter(Blank(shelf), Blank(format), Blank(author));
        bool exactWords = IsOn(exact);
        int number = Math.Max(1, page ?? 1);
        string Link(string? query, int p) => basePath + "/" + Query(("q", query ?? string.Empty), ("shelf", filter.Shelf), ("format", filter.Format), ("author", filter.Author),
            ("exact", exactWords ? "on" : null), ("page", p == 1 ? null : p.ToString(CultureInfo.InvariantCulture)));
        SearchModel Model(IReadOnlyList<SearchHitView> hits, IReadOnlyList<string> notes, (string, string)? suggestion, string? error, bool more) =>
            new(basePath, q, filter.Shelf, filter.Format, filter.Author, exactWords, !string.IsNullOrWhiteSpace(q), hits, ((number - 1) * SearchPageSize) + 1, notes, suggestion, error,
                number > 1 ? Link(q, number - 1) : null, more ? Link(q, number + 1) : null);

        if (string.IsNullOrWhiteSpace(q))
        {
            return Page(context, options, "/", "Search", PageViews.Search(Model([], [], null, "Type the words to find; the shelf, format and author fields narrow a search.", false)), query: q);
        }

        if (number > MaxSearchPage)
        {
            string tooFar = string.Create(CultureInfo.InvariantCulture, $"Page {number} is too far: results are shown up to page {MaxSearchPage}. Narrow the search instead.");
            return Page(context, options, "/", "Search", PageViews.Search(Model([], [], null, tooFar, false)), StatusCodes.Status400BadRequest, q);
        }

        SearchResults results = await catalog.SearchAsync(
            new SearchRequest(q) { Filter = filter, Limit = (number * SearchPageSize) + 1, Exact = exactWords }, aborted).ConfigureAwait(false);
        IReadOnlyDictionary<long, CatalogBook> byId = (await books.GetAsync(aborted).ConfigureAwait(false)).ById;
        IReadOnlyList<SearchHitView> shown = [.. results.Hits.Skip((number - 1) * SearchPageSize).Take(SearchPageSize).Select(hit => new SearchHitView(
            hit.Id,
            hit.Title,
            string.Join(" · ", new[] { hit.Author ?? "unknown author", hit.Shelf, hit.Format }),
            hit.IsCorrected,
            Pieces(hit),
            byId.TryGetValue(hit.Id, out CatalogBook? book) ? Thumbnail(basePath, book, covers) : basePath + BooklineEndpoints.CoverPath(hit.Id, null, thumbnail: true)))];
        (string, string)? suggestion = results.Suggestion is { } corrected ? (corrected, Link(corrected, 1)) : null;
        return Page(context, options, "/", "Search: " + q, PageViews.Search(Model(shown, results.Notes, suggestion, null, results.Hits.Count > number * SearchPageSize)), query: q);
    }

    private static BookModel BookPage(string basePath, CatalogBook book, BooklineWebOptions options, CoverStore covers)
    {
        BookMetadata metadata = book.Metadata;
        string Facet(string facet, string value) => basePath + "/" + facet + "/" + Uri.EscapeDataString(value);
        IReadOnlyList<(string, string?)> Linked(string facet, IEnumerable<string> values) => [.. values.Select(v => (v, (string?)Facet(facet, v)))];
        IReadOnlyList<(string, string?)> Plain(string? value) => value is null ? [] : [(value, null)];
        string? series = SeriesLabel.Of(metadata);
        (string Label, IReadOnlyList<(string Text, string? Href)> Values)[] fields =
        [
            (BookList.AuthorsOf(book).Count > 1 ? "Authors" : "Author", Linked("authors", BookList.AuthorsOf(book))),
            ("Series", series is null ? [] : [(series, Facet("series", metadata.Series!))]),
            ("Publisher", Plain(metadata.Publisher)),
            ("Published", Plain(metadata.Published)),
            ("Language", Linked("languages", metadata.Languages.Count > 0 ? metadata.Languages : book.Language is { } language ? [language] : [])),
            ("Tags", Linked("tags", metadata.Tags)),
            ("Identifiers", [.. metadata.Identifiers.Select(i => ($"{i.Scheme}: {i.Value}", (string?)null))]),
            ("Rating", Plain(metadata.Rating is { } stars ? stars.ToString("0.#", CultureInfo.InvariantCulture) + " / 5" : null)),
            ("Shelf", Linked("shelves", [book.Shelf])),
            ("Formats", Linked("formats", book.AllFiles.Select(f => f.Format.ToUpperInvariant()).Distinct(StringComparer.Ordinal))),
            ("Pages", Plain(book.Pages?.ToString("N0", CultureInfo.InvariantCulture))),
            ("Words", Plain(book.Words.ToString("N0", CultureInfo.InvariantCulture))),
            ("Cover", Plain(book.Cover)),
            ("SHA-256", Plain(book.Sha256)),
            ("Modified", Plain(book.ModifiedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))),
            ("Encoding", Plain(book.Encoding)),
            ("Warnings", [.. (book.Warnings ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(w => (w, (string?)null))]),
        ];
        IReadOnlyList<(string, string, string, string?)> files = [.. book.AllFiles.Select((file, i) => (
            file.Format.ToUpperInvariant(),
            PageViews.Size(file.Bytes),
            file.Path,
            options.LibraryRoot is null ? null : basePath + BooklineEndpoints.DownloadPath(book.Id, i, file.Path)))];
        bool placeholder = options.LibraryRoot is null || !BookCover.MayHave(book);
        return new BookModel(book, [.. fields.Where(f => f.Values.Count > 0)], files, basePath + BooklineEndpoints.CoverPath(book.Id, covers.Version(book), thumbnail: false), placeholder);
    }

    private static BookCard Card(string basePath, CatalogBook book, CoverStore covers)
    {
        string? series = SeriesLabel.Of(book.Metadata);
        IReadOnlyList<string> authors = BookList.AuthorsOf(book);
        return new BookCard(
            book.Id,
            book.Title,
            authors.Count > 0 ? string.Join(", ", authors) : "Unknown author",
            series,
            string.Join(" · ", book.AllFiles.Select(f => f.Format.ToUpperInvariant()).Distinct(StringComparer.Ordinal)),
            Thumbnail(basePath, book, covers),
            !covers.Serves || !BookCover.MayHave(book));
    }

    private static string Thumbnail(string basePath, CatalogBook book, CoverStore covers) =>
        basePath + BooklineEndpoints.CoverPath(book.Id, covers.Version(book), thumbnail: true);

    /// <summary>The snippet in pieces, each marked or not, for the template to encode and wrap.</summary>
    private static List<(string Text, bool Marked)> Pieces(SearchHit hit)
    {
        var pieces = new List<(string Text, bool Marked)>();
        int at = 0;
        foreach (Highlight highlight in hit.Highlights)
        {
            pieces.Add((hit.Snippet[at..highlight.Start], false));
            pieces.Add((hit.Snippet.Substring(highlight.Start, highlight.Length), true));
            at = highlight.Start + highlight.Length;
        }

        pieces.Add((hit.Snippet[at..], false));
        return pieces;
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        string joined = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
        return joined.Length == 0 ? string.Empty : "?" + joined;
    }

    private static bool IsOn(string? value) => value is "on" or "true" or "1";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
