using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;

namespace Bookline.Web.Tests.Opds;

/// <summary>The OPDS catalog read as an e-reader app reads it, with a real Atom parser: from the root to every book's bytes.</summary>
public sealed class OpdsFeedTests
{
    private const string Acquisition = "http://opds-spec.org/acquisition";

    private static Dictionary<string, string> Library(int books) => Enumerable.Range(1, books).ToDictionary(
        i => $"shelf{i % 3}/book{i:D2}.txt",
        i => $"Title: Voyage {i:D2}\nAuthor: Captain {i % 4}\n\nThe ship sailed on day {i}; the harbour light was seen from the {(i % 2 == 0 ? "north" : "south")}.\n");

    [Fact]
    public async Task WalkingFromTheRootThroughEveryPageReachesEveryBookOnceAndItsBytes()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Library(23), pageSize: 5);

        SyndicationFeed root = await FeedAsync(served, "/opds", "kind=navigation");
        Assert.Equal("Test <Library> & Co", root.Title.Text);
        Assert.Contains(root.Links, l => l.RelationshipType == "start");
        Assert.Contains(root.Links, l => l.RelationshipType == "search" && l.MediaType == "application/opensearchdescription+xml");
        Assert.Equal(["Recently added", "All books", "By author", "By series", "By shelf", "By tag", "By format", "By language"], root.Items.Select(i => i.Title.Text));

        foreach (SyndicationItem section in root.Items.Take(2))
        {
            string href = Assert.Single(section.Links).Uri.OriginalString;
            var seen = new List<string>();
            int pages = 0;
            for (string? next = href; next is not null; pages++)
            {
                SyndicationFeed page = await FeedAsync(served, next, "kind=acquisition");
                Assert.Contains(page.Links, l => l.RelationshipType == "up");
                foreach (SyndicationItem entry in page.Items)
                {
                    seen.Add(entry.Title.Text);
                    Assert.StartsWith("urn:uuid:", entry.Id, StringComparison.Ordinal);
                    Assert.Contains(entry.Links, l => l.RelationshipType == "alternate");
                    SyndicationLink acquisition = Assert.Single(entry.Links, l => l.RelationshipType == Acquisition);
                    using HttpResponseMessage file = await served.Http.GetAsync(acquisition.Uri.OriginalString);
                    Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                    Assert.Equal(acquisition.MediaType, file.Content.Headers.ContentType?.ToString());
                    byte[] bytes = await file.Content.ReadAsByteArrayAsync();
                    Assert.Equal(acquisition.Length, bytes.Length);
                    string number = entry.Title.Text[^2..];
                    string shelf = $"shelf{int.Parse(number, System.Globalization.CultureInfo.InvariantCulture) % 3}";
                    Assert.Equal(File.ReadAllBytes(Path.Combine(served.Library, shelf, $"book{number}.txt")), bytes);
                }

                next = page.Links.FirstOrDefault(l => l.RelationshipType == "next")?.Uri.OriginalString;
            }

            Assert.Equal(5, pages);
            Assert.Equal(23, seen.Count);
            Assert.Equal(23, seen.Distinct().Count());
        }
    }

    [Fact]
    public async Task EachFacetListsItsValuesWithCountsAndEachValueItsBooks()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Library(10));

        SyndicationFeed authors = await FeedAsync(served, "/opds/authors", "kind=navigation");
        Assert.Equal(["Captain 0", "Captain 1", "Captain 2", "Captain 3"], authors.Items.Select(i => i.Title.Text));
        Assert.Equal("2 books", ((TextSyndicationContent)authors.Items.First().Content).Text); // voyages 4 and 8
        string href = Assert.Single(authors.Items.First().Links).Uri.OriginalString;
        SyndicationFeed byCaptain0 = await FeedAsync(served, href, "kind=acquisition");
        Assert.Equal(["Voyage 04", "Voyage 08"], byCaptain0.Items.Select(i => i.Title.Text));

        SyndicationFeed shelves = await FeedAsync(served, "/opds/shelves", "kind=navigation");
        Assert.Equal(["shelf0", "shelf1", "shelf2"], shelves.Items.Select(i => i.Title.Text));
        SyndicationFeed formats = await FeedAsync(served, "/opds/formats", "kind=navigation");
        Assert.Equal("TXT", Assert.Single(formats.Items).Title.Text);
        Assert.Empty((await FeedAsync(served, "/opds/series", "kind=navigation")).Items);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/opds/authors/" + Uri.EscapeDataString("Nobody"))).StatusCode);
    }

    [Fact]
    public async Task PagesLinkTheFirstPreviousNextAndLastAndSayWhereTheyStand()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Library(12), pageSize: 5);

        XDocument middle = XDocument.Parse(await served.Http.GetStringAsync("/opds/books?page=1"));
        XNamespace atom = "http://www.w3.org/2005/Atom", search = "http://a9.com/-/spec/opensearch/1.1/";
        string Link(string rel) => middle.Root!.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == rel).Attribute("href")!.Value;
        Assert.Equal("/opds/books", Link("first"));
        Assert.Equal("/opds/books", Link("previous"));
        Assert.Equal("/opds/books?page=2", Link("next"));
        Assert.Equal("/opds/books?page=2", Link("last"));
        Assert.Equal("/opds/books?page=1", Link("self"));
        Assert.Equal("12", middle.Root!.Element(search + "totalResults")!.Value);
        Assert.Equal("6", middle.Root!.Element(search + "startIndex")!.Value);
        Assert.Equal(new[] { "Voyage 06", "Voyage 07", "Voyage 08", "Voyage 09", "Voyage 10" }, middle.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value));

        XDocument last = XDocument.Parse(await served.Http.GetStringAsync("/opds/books?page=2"));
        Assert.DoesNotContain(last.Root!.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "next");
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/opds/books?page=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/opds/books?page=-1")).StatusCode);
    }

    [Fact]
    public async Task TheOpenSearchTemplateSearchesWithTheQueryLanguage()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Library(8));

        XDocument description = XDocument.Parse(await served.Http.GetStringAsync("/opds/opensearch.xml"));
        XNamespace openSearch = "http://a9.com/-/spec/opensearch/1.1/";
        Assert.True(description.Root!.Element(openSearch + "ShortName")!.Value.Length <= 16);
        string template = description.Root!.Element(openSearch + "Url")!.Attribute("template")!.Value;

        SyndicationFeed north = await FeedAsync(served, template.Replace("{searchTerms}", Uri.EscapeDataString("north -\"day 2;\""), StringComparison.Ordinal), "kind=acquisition");
        Assert.Equal(new[] { "Voyage 04", "Voyage 06", "Voyage 08" }, north.Items.Select(i => i.Title.Text).Order(StringComparer.Ordinal));
        SyndicationFeed none = await FeedAsync(served, template.Replace("{searchTerms}", "((\"", StringComparison.Ordinal), "kind=acquisition");
        Assert.Empty(none.Items);
        SyndicationFeed control = await FeedAsync(served, template.Replace("{searchTerms}", Uri.EscapeDataString("north\u0001<&"), StringComparison.Ordinal), "kind=acquisition");
        Assert.Equal("Search: north\uFFFD<&", control.Title.Text);
    }

    [Fact]
    public async Task AHostileTitleStaysTextAndEveryBookHasAnEntryOfItsOwn()
    {
        string hostile = "<script>alert('x')</script> & \"Ahab\" \u0001";
        await using ServedLibrary served = await ServedLibrary.StartAsync(new Dictionary<string, string> { ["a/hostile.txt"] = $"Title: {hostile}\n\nA whale.\n" });

        SyndicationFeed books = await FeedAsync(served, "/opds/books", "kind=acquisition");
        SyndicationItem entry = Assert.Single(books.Items);
        Assert.StartsWith("<script>alert('x')</script> & \"Ahab\"", entry.Title.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", await served.Http.GetStringAsync("/opds/books"), StringComparison.Ordinal);

        string alternate = Assert.Single(entry.Links, l => l.RelationshipType == "alternate").Uri.OriginalString;
        using HttpResponseMessage response = await served.Http.GetAsync(alternate);
        Assert.Equal("application/atom+xml;type=entry;profile=opds-catalog", response.Content.Headers.ContentType?.MediaType + ";" + string.Join(';', response.Content.Headers.ContentType!.Parameters.Where(p => p.Name != "charset").Select(p => $"{p.Name}={p.Value}")));
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        SyndicationItem complete = SyndicationItem.Load(reader);
        Assert.Equal(entry.Id, complete.Id);
        Assert.Contains(complete.Links, l => l.RelationshipType == Acquisition);
    }

    [Fact]
    public async Task AFeedShowsABookAddedByAnotherProcessAtItsNextRequest()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Library(3));
        Assert.Equal(3, (await FeedAsync(served, "/opds/books", "kind=acquisition")).Items.Count());

        File.WriteAllText(Path.Combine(served.Library, "shelf0", "late.txt"), "Title: A Late Arrival\n\nThe last ship in.\n");
        using (var other = Bookline.Catalog.Sqlite.SqliteCatalog.Open(Path.Combine(served.Root, "catalog.db")))
        {
            await new Bookline.Library.Scanning.LibraryScanner().ScanAsync(served.Library, other);
        }

        Assert.Contains("A Late Arrival", (await FeedAsync(served, "/opds/books", "kind=acquisition")).Items.Select(i => i.Title.Text));
        Assert.Equal("A Late Arrival", (await FeedAsync(served, "/opds/recent", "kind=acquisition")).Items.First().Title.Text);
    }

    /// <summary>A feed, parsed by the framework's Atom reader, after checking its media type.</summary>
    private static async Task<SyndicationFeed> FeedAsync(ServedLibrary served, string path, string kind)
    {
        using HttpResponseMessage response = await served.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => $"{p.Name}={p.Value}" == kind);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return SyndicationFeed.Load(reader);
    }
}
