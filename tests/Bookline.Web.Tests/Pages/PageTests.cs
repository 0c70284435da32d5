using System.Net;
using System.Text.RegularExpressions;

namespace Bookline.Web.Tests.Pages;

/// <summary>The pages over HTTP: lists with paging and orders, every facet, a book's page, and hostile values kept as text.</summary>
public sealed partial class PageTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    private static readonly Dictionary<string, string> Files = new()
    {
        ["sea/moby.txt"] = "Title: Moby Dick\nAuthor: Herman Melville\n\nCall me Ishmael.\n",
        ["sea/copy/moby.txt"] = "Title: Moby Dick\nAuthor: Herman Melville\n\nCall me Ishmael.\n",
        ["sea/anchors.txt"] = "Title: Anchors Aweigh\nAuthor: Zed Anchor\n\nOf anchors and chains.\n",
        ["sea/bells.txt"] = "Title: Bells at Sea\nAuthor: Ann Bell\n\nShip's bells.\n",
        ["sea/charts.txt"] = "Title: Charts\nAuthor: Cy Chart\n\nReading charts.\n",
        ["sea/" + "hostile.txt"] = $"Title: {Hostile}\nAuthor: {Hostile}\n\nA tale.\n",
        ["tide/Tide Book (3)/tide.txt"] = "Tides and their tables.\n",
        ["tide/Tide Book (3)/metadata.opf"] = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
                <dc:title>Tide Tables</dc:title>
                <dc:creator opf:role="aut">Ann Bell</dc:creator>
                <dc:subject>Sea/Tides</dc:subject>
                <dc:subject>{Hostile.Replace("<", "&lt;", StringComparison.Ordinal)}</dc:subject>
                <dc:publisher>Harbour Press</dc:publisher>
                <dc:date>1901-05-01</dc:date>
                <dc:language>en</dc:language>
                <meta name="calibre:series" content="Harbour Almanac"/>
                <meta name="calibre:series_index" content="2"/>
              </metadata>
            </package>
            """,
    };

    [Fact]
    public async Task TheGridPagesThroughEveryBookInEachOrder()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, pageSize: 2);

        var byTitle = new List<string>();
        string? next = "/";
        while (next is not null)
        {
            string page = await served.Http.GetStringAsync(WebUtility.HtmlDecode(next));
            byTitle.AddRange(CardTitles(page));
            next = NextLink().Match(page) is { Success: true } link ? link.Groups[1].Value : null;
        }

        // Filed as a librarian files them: "The" and "A" set aside; the same file twice is two books here (and a duplicate).
        Assert.Equal([Hostile, "Anchors Aweigh", "Bells at Sea", "Charts", "Moby Dick", "Moby Dick", "Tide Tables"], byTitle);
        Assert.Equal(["Anchors Aweigh", "Bells at Sea"], CardTitles(await served.Http.GetStringAsync("/?sort=author"))); // Anchor, Zed; Bell, Ann
        Assert.Contains("page 4 of 4", await served.Http.GetStringAsync("/?page=4"), StringComparison.Ordinal);

        using HttpResponseMessage beyond = await served.Http.GetAsync("/?page=5");
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        Assert.Contains("pages go from 1 to 4", await beyond.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/?page=0")).StatusCode);
    }

    [Fact]
    public async Task EachFacetListsItsValuesAndEachValueItsBooksEvenWithASlashInIt()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);

        string authors = await served.Http.GetStringAsync("/authors");
        Assert.Contains(">Ann Bell</a> <span class=\"n\">2</span>", authors, StringComparison.Ordinal);
        string byCount = await served.Http.GetStringAsync("/authors?sort=count");
        Assert.True(byCount.IndexOf(">Ann Bell<", StringComparison.Ordinal) < byCount.IndexOf(">Cy Chart<", StringComparison.Ordinal));
        Assert.Equal(["Bells at Sea", "Tide Tables"], CardTitles(await served.Http.GetStringAsync("/authors/Ann%20Bell")));

        string tags = await served.Http.GetStringAsync("/tags");
        Assert.Contains("href=\"/tags/Sea%2FTides\"", tags, StringComparison.Ordinal);
        Assert.Equal(["Tide Tables"], CardTitles(await served.Http.GetStringAsync("/tags/Sea%2FTides")));
        Assert.Contains("<title>Tide Tables</title>", await served.Http.GetStringAsync("/opds/tags/Sea%2FTides"), StringComparison.Ordinal);
        Assert.Equal(["Tide Tables"], CardTitles(await served.Http.GetStringAsync("/series/Harbour%20Almanac")));
        Assert.Equal(6, CardTitles(await served.Http.GetStringAsync("/shelves/sea")).Count);
        Assert.Equal(7, CardTitles(await served.Http.GetStringAsync("/formats/TXT")).Count);
        Assert.Contains(">en</a>", await served.Http.GetStringAsync("/languages"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/authors/Nobody")).StatusCode);
    }

    [Fact]
    public async Task ABooksPageShowsItsMetadataCoverAndFilesWithLinks()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        long id = (await served.Catalog.BooksAsync()).Single(b => b.Title == "Tide Tables").Id;

        string page = WebUtility.HtmlDecode(await served.Http.GetStringAsync($"/book/{id}"));

        Assert.Contains("<h1>Tide Tables</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/authors/Ann%20Bell\">Ann Bell</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/series/Harbour%20Almanac\">Harbour Almanac #2</a>", page, StringComparison.Ordinal);
        Assert.Contains("Harbour Press", page, StringComparison.Ordinal);
        Assert.Contains("1901-05-01", page, StringComparison.Ordinal);
        Assert.Contains($"src=\"/books/{id}/cover?v=", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/books/{id}/files/0/tide.txt\" download>tide/Tide Book (3)/tide.txt</a>", page, StringComparison.Ordinal);
        Assert.Contains("24 bytes", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/book/999999")).StatusCode);
    }

    [Fact]
    public async Task AHostileTitleAuthorAndTagStayTextOnEveryPage()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        long hostile = (await served.Catalog.BooksAsync()).Single(b => b.Title == Hostile).Id;
        long tide = (await served.Catalog.BooksAsync()).Single(b => b.Title == "Tide Tables").Id;

        foreach (string path in new[] { "/", "/recent", "/authors", "/tags", $"/book/{hostile}", $"/book/{tide}", "/?q=tale", "/authors/" + Uri.EscapeDataString(Hostile) })
        {
            string page = await served.Http.GetStringAsync(path);
            Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
            Assert.True(page.Contains("&lt;img src=x onerror=alert(1)&gt;", StringComparison.Ordinal), path);
        }
    }

    [Fact]
    public async Task DuplicatesListTheSameFileInTwoPlaces()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);

        string page = await served.Http.GetStringAsync("/duplicates");

        Assert.Contains("<li class=\"path\">sea/copy/moby.txt</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li class=\"path\">sea/moby.txt</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStylesheetIsKeptAYearAtItsVersionedAddress()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        string css = StylesheetLink().Match(await served.Http.GetStringAsync("/")).Groups[1].Value;

        using HttpResponseMessage response = await served.Http.GetAsync(css);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalDays: 365 }, response.Headers.CacheControl?.ToString());
        Assert.Contains("prefers-color-scheme: dark", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, css);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await served.Http.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/assets/secret.txt")).StatusCode);
    }

    private static List<string> CardTitles(string page) =>
        [.. CardTitle().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<span class=\"title\">(.*?)</span>")]
    private static partial Regex CardTitle();

    [GeneratedRegex("<a rel=\"next\" href=\"(.*?)\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(.*?)\"")]
    private static partial Regex StylesheetLink();
}
