using System.Text;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Web.Covers;
using Bookline.Web.Opds;
using Bookline.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Bookline.Web;

/// <summary>Maps a catalog's web face into an ASP.NET Core app: book downloads and OPDS 1.2 feeds, read-only.</summary>
public static class BooklineEndpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// Maps the catalog's web face: the pages (<c>/</c> the books grid and search, <c>/recent</c>, <c>/authors</c>, <c>/series</c>,
    /// <c>/shelves</c>, <c>/tags</c>, <c>/formats</c>, <c>/languages</c>, <c>/duplicates</c>, <c>/book/{id}</c>, <c>/failures</c>,
    /// <c>/stats</c>, <c>/live</c>), <c>/api/search</c>, each book's files (<c>/books/{id}/files/{n}/{name}</c>, with ranges, ETag and
    /// Last-Modified), its cover and thumbnail, the OPDS 1.2 catalog under <c>/opds</c>, and a not-found page for any other address.
    /// Nothing mapped changes the catalog or the library.
    /// </summary>
    /// <param name="endpoints">The app, or a group to map under a path.</param>
    /// <param name="catalog">The catalog to serve.</param>
    /// <param name="options">The library folder, title and page size; validated here.</param>
    /// <returns>The group of endpoints, to add conventions to (authorization, for example).</returns>
    /// <exception cref="ArgumentException">An option is not valid (<see cref="BooklineWebOptions.Validate"/>).</exception>
    public static RouteGroupBuilder MapBookline(this IEndpointRouteBuilder endpoints, ICatalogReader catalog, BooklineWebOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new BooklineWebOptions();
        options.Validate();
        RouteGroupBuilder group = endpoints.MapGroup(string.Empty);
        group.MapMethods("/books/{id:long}/files/{index:int}/{name}", GetAndHead, (long id, int index, string name, CancellationToken aborted) =>
            DownloadAsync(catalog, options, id, index, name, aborted));
        var books = new DataVersionCache<BooksSnapshot>(catalog, async cancellationToken => new BooksSnapshot(await catalog.BooksAsync(cancellationToken).ConfigureAwait(false)));
        var covers = new CoverStore(options.LibraryRoot, options.CoverFolder);
        foreach ((string route, CoverSize size) in new[] { ("/books/{id:long}/cover", CoverSize.Full), ("/books/{id:long}/thumbnail", CoverSize.Thumbnail) })
        {
            group.MapMethods(route, GetAndHead, async (long id, string? v, HttpContext context, CancellationToken aborted) =>
            {
                if (!(await books.GetAsync(aborted).ConfigureAwait(false)).ById.TryGetValue(id, out CatalogBook? book))
                {
                    return Results.NotFound($"No book {id} in the catalog.");
                }

                CoverImage image = await covers.GetAsync(book, size, aborted).ConfigureAwait(false);
                // A versioned address names these bytes for good; an unversioned one is checked each time (its ETag makes that cheap).
                context.Response.Headers.CacheControl = v is not null && v == covers.Version(book)
                    ? image.IsPlaceholder ? "private, max-age=86400" : "private, max-age=31536000, immutable"
                    : "private, no-cache";
                return Results.Bytes(image.Bytes, image.ContentType, entityTag: new EntityTagHeaderValue(image.Tag));
            });
        }

        group.MapGet("/opds", async (HttpContext context, CancellationToken aborted) =>
        {
            BooksSnapshot shelf = await books.GetAsync(aborted).ConfigureAwait(false);
            return Feed(context, OpdsFeed.Root(context.Request.PathBase, options, shelf.Updated), OpdsFeed.NavigationType, shelf.Updated);
        });
        group.MapGet("/opds/recent", async (int? page, HttpContext context, CancellationToken aborted) =>
            Books(context, options, covers, "recent", "Recently added", "/opds/recent", (await books.GetAsync(aborted).ConfigureAwait(false)).Recent, page));
        group.MapGet("/opds/books", async (int? page, HttpContext context, CancellationToken aborted) =>
            Books(context, options, covers, "books", "All books", "/opds/books", (await books.GetAsync(aborted).ConfigureAwait(false)).ByTitle, page));
        foreach (OpdsFacet facet in OpdsFacet.All)
        {
            group.MapGet("/opds/" + facet.Name, async (HttpContext context, CancellationToken aborted) =>
            {
                BooksSnapshot shelf = await books.GetAsync(aborted).ConfigureAwait(false);
                return Feed(context, OpdsFeed.Facet(context.Request.PathBase, options, facet, facet.Counts(shelf.ByTitle), shelf.Updated), OpdsFeed.NavigationType, shelf.Updated);
            });
            group.MapGet("/opds/" + facet.Name + "/{**value}", async (string value, int? page, HttpContext context, CancellationToken aborted) =>
            {
                value = OpdsFacet.FromRoute(value);
                IReadOnlyList<CatalogBook> found = facet.Books((await books.GetAsync(aborted).ConfigureAwait(false)).ByTitle, value);
                return found.Count == 0
                    ? Results.NotFound($"No book has {value} in {facet.Name}.")
                    : Books(context, options, covers, facet.Name + ":" + value, value, OpdsFeed.FacetPath(facet, value), found, page);
            });
        }

        group.MapGet("/opds/books/{id:long}", async (long id, HttpContext context, CancellationToken aborted) =>
            await catalog.FindAsync(id, aborted).ConfigureAwait(false) is { } book
                ? Feed(context, OpdsFeed.Entry(context.Request.PathBase, book, options.LibraryRoot is not null, covers), OpdsFeed.EntryType, book.ModifiedUtc)
                : Results.NotFound($"No book {id} in the catalog."));
        group.MapGet("/opds/search", async (string? q, int? page, HttpContext context, CancellationToken aborted) =>
        {
            int current = Math.Max(0, page ?? 0);
            IReadOnlyList<CatalogBook> found = [];
            if (!string.IsNullOrWhiteSpace(q))
            {
                // A search has no offset: the hits up to this page and one more, to know whether a next page exists.
                SearchResults results = await catalog.SearchAsync(new SearchRequest(q) { Limit = Math.Min(10_000, (current + 1) * options.PageSize + 1) }, aborted).ConfigureAwait(false);
                IReadOnlyDictionary<long, CatalogBook> byId = (await books.GetAsync(aborted).ConfigureAwait(false)).ById;
                found = [.. results.Hits.Select(h => byId.GetValueOrDefault(h.Id)).OfType<CatalogBook>()];
            }

            return Books(context, options, covers, "search", $"Search: {q}", "/opds/search?q=" + Uri.EscapeDataString(q ?? string.Empty), found, current);
        });
        BooklinePages.Map(group, catalog, options, books, covers);
        group.MapGet("/opds/opensearch.xml", (HttpContext context) =>
            Results.Text(OpdsFeed.OpenSearchDescription(context.Request.PathBase, options), OpdsFeed.OpenSearchType, Encoding.UTF8));
        return group;
    }

    /// <summary>The path of a book's cover (600 × 900 at most) or thumbnail (200 × 300), JPEG, or a plain PNG placeholder for a book without one.</summary>
    /// <param name="id">The book's id.</param>
    /// <param name="version">The cover's version, which lets a browser keep it for a year; null for an address that is checked each time.</param>
    /// <param name="thumbnail">True for the thumbnail.</param>
    /// <returns>The path, for example <c>/books/12/thumbnail?v=1f2e…</c>.</returns>
    public static string CoverPath(long id, string? version, bool thumbnail) =>
        $"/books/{id}/{(thumbnail ? "thumbnail" : "cover")}" + (version is null ? string.Empty : "?v=" + Uri.EscapeDataString(version));

    /// <summary>The path a book's file is downloaded from (under the app's base path): stable, and ending in the file's own name (apps read the type from it).</summary>
    /// <param name="id">The book's id.</param>
    /// <param name="index">The file's place in <see cref="CatalogBook.AllFiles"/> (the main file is 0).</param>
    /// <param name="path">The file's path in the library.</param>
    /// <returns>The path, for example <c>/books/12/files/0/Moby%20Dick.epub</c>.</returns>
    public static string DownloadPath(long id, int index, string path) =>
        $"/books/{id}/files/{index}/{Uri.EscapeDataString(Path.GetFileName(path))}";

    private static async Task<IResult> DownloadAsync(ICatalogReader catalog, BooklineWebOptions options, long id, int index, string name, CancellationToken aborted)
    {
        if (options.LibraryRoot is null)
        {
            return Results.NotFound("This server serves no book files: it was not told where the library is.");
        }

        CatalogBook? book = await catalog.FindAsync(id, aborted).ConfigureAwait(false);
        if (book is null || index < 0 || index >= book.AllFiles.Count || Path.GetFileName(book.AllFiles[index].Path) != name)
        {
            return Results.NotFound($"No file {index} named {name} in book {id}.");
        }

        string path = book.AllFiles[index].Path;
        string? real = LibraryFile.Resolve(options.LibraryRoot, path);
        if (real is null)
        {
            return path.Contains(ArchivePath.Separator, StringComparison.Ordinal)
                ? await ArchiveMemberAsync(options.LibraryRoot, path, aborted).ConfigureAwait(false)
                : Results.NotFound($"The file {path} is not in the library any more.");
        }

        // The validators are the file's own size and time, not the catalog's hash: a file changed since the scan is another file.
        var file = new FileInfo(real);
        var tag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(real, BookMediaTypes.Of(real), Path.GetFileName(book.AllFiles[index].Path), file.LastWriteTimeUtc, tag, enableRangeProcessing: true);
    }

    /// <summary>
    /// A book inside an archive of books, unpacked whole into memory (at most <see cref="ReadLimits.MaxLoadedBookBytes"/>) and sent
    /// with ranges; its validators are the archive's size and time and the path inside it.
    /// </summary>
    private static async Task<IResult> ArchiveMemberAsync(string libraryRoot, string path, CancellationToken aborted)
    {
        string archive = path[..path.IndexOf(ArchivePath.Separator, StringComparison.Ordinal)];
        byte[]? bytes = await Task.Run(() => ArchiveMember.Read(libraryRoot, path), aborted).ConfigureAwait(false);
        if (bytes is null || LibraryFile.Resolve(libraryRoot, archive) is not { } archiveFile)
        {
            return Results.NotFound($"The file {path} is not in the library any more.");
        }

        var file = new FileInfo(archiveFile);
        string inside = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(path)).AsSpan(0, 6));
        var tag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}-{inside}\"");
        return Results.Bytes(bytes, BookMediaTypes.Of(path), Path.GetFileName(path), enableRangeProcessing: true, file.LastWriteTimeUtc, tag);
    }

    private static IResult Books(HttpContext context, BooklineWebOptions options, CoverStore covers, string name, string title, string path, IReadOnlyList<CatalogBook> books, int? page)
    {
        int count = Math.Max(1, (books.Count + options.PageSize - 1) / options.PageSize);
        int current = page ?? 0;
        if (current < 0 || current >= count)
        {
            return Results.NotFound($"There is no page {current} of {name}: pages go from 0 to {count - 1}.");
        }

        var feed = new FeedPage(name, title, path, [.. books.Skip(current * options.PageSize).Take(options.PageSize)], current, count, books.Count);
        DateTimeOffset updated = feed.Books.Count > 0 ? feed.Books.Max(b => b.ModifiedUtc) : DateTimeOffset.UnixEpoch;
        return Feed(context, OpdsFeed.Books(context.Request.PathBase, options, feed, options.LibraryRoot is not null, covers), OpdsFeed.AcquisitionType, updated);
    }

    private static IResult Feed(HttpContext context, string xml, string type, DateTimeOffset updated)
    {
        context.Response.Headers.LastModified = updated.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(xml, type, Encoding.UTF8);
    }
}
