using System.Net;

namespace Bookline.Cli.Tests.Web;

/// <summary>bookline serve over the sample library's catalog, asked over HTTP on loopback.</summary>
public sealed class ServeCommandTests(ServedSampleCatalog served) : IClassFixture<ServedSampleCatalog>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = served.Address };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task ABookPageLinksEachOfItsFilesWhichDownloadsWhole()
    {
        string search = await _http.GetStringAsync("/?q=winter+garden");
        string bookPath = System.Text.RegularExpressions.Regex.Match(search, "<a href=\"(/book/\\d+)\">").Groups[1].Value;
        string page = await _http.GetStringAsync(bookPath);

        Assert.Contains("<h2>Files</h2>", page, StringComparison.Ordinal);
        string link = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<a href=\"(/books/[^\"]+)\" download>").Groups[1].Value);
        Assert.EndsWith("/winter-garden.txt", link, StringComparison.Ordinal);
        using HttpResponseMessage file = await _http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        string expected = Directory.EnumerateFiles(served.Library, "winter-garden.txt", SearchOption.AllDirectories).Single();
        Assert.Equal(await File.ReadAllBytesAsync(expected), await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ASearchShowsRankedResultsWithTheMatchedWordsMarked()
    {
        string page = await _http.GetStringAsync("/?q=whale");
        Assert.Contains("<mark>whale", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Café au lait", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Matches("<a href=\"/book/\\d+\">", page);
        Assert.DoesNotContain("http://", page.Replace(_http.BaseAddress!.ToString(), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal); // no external asset
    }

    [Fact]
    public async Task ControlCharactersInABookCannotForgeAMarkOnThePageOrInTheApi()
    {
        string page = await _http.GetStringAsync("/?q=mbar");
        Assert.Equal(["mbar"], System.Text.RegularExpressions.Regex.Matches(page, "<mark>(.*?)</mark>").Select(m => m.Groups[1].Value));
        Assert.DoesNotContain('\u0002', page);

        using var json = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync("/api/search?q=mbar"));
        System.Text.Json.JsonElement hit = Assert.Single(json.RootElement.GetProperty("hits").EnumerateArray());
        string snippet = hit.GetProperty("snippet").GetString()!;
        Assert.DoesNotContain(snippet, c => char.IsControl(c) && !char.IsWhiteSpace(c));
        System.Text.Json.JsonElement highlight = Assert.Single(hit.GetProperty("highlights").EnumerateArray());
        Assert.Equal("mbar", snippet.Substring(highlight.GetProperty("start").GetInt32(), highlight.GetProperty("length").GetInt32()));
    }

    [Fact]
    public async Task AHostileTitleIsShownAsText()
    {
        string page = await _http.GetStringAsync("/?q=tale");
        Assert.Contains("&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal); // the page's own scripts are files: <script src=…>
    }

    [Fact]
    public async Task FiltersNarrowTheResults()
    {
        string page = await _http.GetStringAsync("/?q=whale&shelf=poetry");
        Assert.Contains("Songs of the Shore", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Café au lait", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABookPageShowsItsRecordAndAnUnknownOneIs404()
    {
        string search = await _http.GetStringAsync("/?q=lighthouse+keeper");
        string link = System.Text.RegularExpressions.Regex.Match(search, "/book/\\d+").Value;
        string page = await _http.GetStringAsync(link);
        Assert.Contains("fiction/the-lighthouse-keeper.txt", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/book/999999")).StatusCode);
    }

    [Fact]
    public async Task FailuresAndStatisticsAreListed()
    {
        string failures = await _http.GetStringAsync("/failures");
        Assert.Contains("broken/torn.pdf", failures, StringComparison.Ordinal);
        Assert.Contains("not a book format Bookline reads (.jpg)", failures, StringComparison.Ordinal);
        string stats = await _http.GetStringAsync("/stats");
        Assert.Contains("10 books", stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueryThatOnceWasMalformedIsASearchAndATypoGetsADidYouMean()
    {
        HttpResponseMessage response = await _http.GetAsync("/?q=%22lighthouse");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The Lighthouse Keeper", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        string page = await _http.GetStringAsync("/?q=lighthuose");
        Assert.Contains("Did you mean <a href=\"/?q=lighthouse", page, StringComparison.Ordinal);
        Assert.Contains("The Lighthouse Keeper", page, StringComparison.Ordinal);
        Assert.Contains("with a typo corrected", page, StringComparison.Ordinal);
        Assert.Contains("How to search", page, StringComparison.Ordinal);
        Assert.Contains("No book matches", await _http.GetStringAsync("/?q=lighthuose&exact=on"), StringComparison.Ordinal);

        using var json = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync("/api/search?q=lighthuose"));
        Assert.Equal("lighthouse", json.RootElement.GetProperty("suggestion").GetString());
    }

    [Theory]
    [InlineData("/api/search?q=")]
    [InlineData("/api/search?q=%20")]
    [InlineData("/api/search?q=%09")]
    [InlineData("/api/search")]
    [InlineData("/api/search?q=whale&limit=many")]
    [InlineData("/api/search?q=whale&limit=-5")]
    [InlineData("/api/search?q=%22")]
    [InlineData("/api/search?q=%00")]
    [InlineData("/?q=whale&page=107374182")]
    [InlineData("/?q=whale&page=2147483647")]
    [InlineData("/?q=whale&page=-2147483648")]
    [InlineData("/?q=whale&page=abc")]
    [InlineData("/?q=whale&page=99999999999999")]
    [InlineData("/?q=%00&shelf=%00")]
    [InlineData("/?q=NEAR(")]
    [InlineData("/?q=title:")]
    [InlineData("/?q=*")]
    [InlineData("/book/99999999999999999999")]
    [InlineData("/book/-1")]
    public async Task EveryRequestGetsAnAnswerNeverAServerError(string request)
    {
        HttpResponseMessage response = await _http.GetAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{request} answered {(int)response.StatusCode}: {body}");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
        if ((int)response.StatusCode >= 400)
        {
            Assert.False(string.IsNullOrWhiteSpace(body), $"{request} answered {(int)response.StatusCode} without saying why");
        }
    }

    [Fact]
    public async Task ABlankApiQueryIsABadRequestThatSaysSo()
    {
        HttpResponseMessage response = await _http.GetAsync("/api/search?q=%20");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The query is empty", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpResponseMessage page = await _http.GetAsync("/?q=whale&page=107374182");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("is too far", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpResponseMessage notANumber = await _http.GetAsync("/?q=whale&page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Contains("page", await notANumber.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAScanInTheProcessTheLivePageSaysSo()
    {
        HttpResponseMessage page = await _http.GetAsync("/live");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("No scan is running in this process", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/live/events")).StatusCode);
    }
}
