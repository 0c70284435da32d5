using System.Diagnostics;
using System.Text.RegularExpressions;
using Bookline.Web.Tests.Covers;
using SkiaSharp;

namespace Bookline.Web.Tests.Opds;

/// <summary>Every kind of feed, entry and the OpenSearch description, validated by jing against the RELAX NG schemas of Atom + OPDS 1.2 and OpenSearch in Schema/.</summary>
public sealed partial class OpdsSchemaTests
{
    private static readonly string SchemaFolder = Path.Combine(AppContext.BaseDirectory, "Schema");

    [JingFact]
    public async Task EveryFeedKindIsValidOpds()
    {
        var files = Enumerable.Range(1, 7).ToDictionary(i => $"shelf{i % 2}/voyage{i}.txt", i => $"Title: Voyage {i}\nAuthor: Captain {i % 3}\n\nThe ship sailed on day {i} <&> back.\n");
        files["odd/hostile.txt"] = "Title: <feed>&amp;\u0001 \"quoted\"</feed>\n\nA tale.\n";
        await using ServedLibrary served = await ServedLibrary.StartAsync(files, root =>
            File.WriteAllBytes(Path.Combine(root, "library", "shelf1", "tide.epub"), CoverTests.Epub("Tide Tables", CoverTests.Picture(300, 450, SKEncodedImageFormat.Png))), pageSize: 3);
        long id = (await served.Catalog.BooksAsync()).Single(b => b.Title == "Tide Tables").Id;

        var paths = new List<string> { "/opds", "/opds/recent", "/opds/books", "/opds/books?page=1", "/opds/search?q=ship", "/opds/search?q=nothing-matches", "/opds/search?q=", $"/opds/books/{id}" };
        foreach (string facet in new[] { "authors", "series", "shelves", "tags", "formats", "languages" })
        {
            string list = await served.Http.GetStringAsync("/opds/" + facet);
            paths.Add("/opds/" + facet);
            paths.AddRange(EntryHref().Matches(list).Select(m => m.Groups[1].Value).Take(2));
        }

        string folder = Directory.CreateDirectory(Path.Combine(served.Root, "feeds")).FullName;
        var written = new List<string>();
        foreach ((string path, int i) in paths.Select((p, i) => (p, i)))
        {
            string file = Path.Combine(folder, $"feed{i}.xml");
            await File.WriteAllTextAsync(file, await served.Http.GetStringAsync(path));
            written.Add(file);
        }

        // The entry of the book with a cover carries both image links; the feeds, acquisition links with types and lengths.
        Assert.Contains("http://opds-spec.org/image/thumbnail", await File.ReadAllTextAsync(written[7]), StringComparison.Ordinal);
        (int exit, string output) = await JingAsync("opds-catalog.rnc", written);
        Assert.True(exit == 0, $"jing found errors in {string.Join(", ", paths)}:\n{output}");

        string description = Path.Combine(folder, "opensearch.xml");
        await File.WriteAllTextAsync(description, await served.Http.GetStringAsync("/opds/opensearch.xml"));
        (exit, output) = await JingAsync("opensearch-description.rnc", [description]);
        Assert.True(exit == 0, output);
    }

    [JingFact]
    public async Task TheSchemaRefusesAFeedThatBreaksAtomsRules()
    {
        string folder = Directory.CreateTempSubdirectory("bookline-schema-").FullName;
        try
        {
            // A feed that keeps the rules passes: the schema itself is sound.
            string good = Path.Combine(folder, "good.xml");
            await File.WriteAllTextAsync(good, """<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2026-11-29T00:00:00Z</updated><link rel="self" href="/opds"/></feed>""");
            (int goodExit, string goodOutput) = await JingAsync("opds-catalog.rnc", [good]);
            Assert.True(goodExit == 0, goodOutput);

            string[] broken =
            [
                // no id
                """<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2026-11-29T00:00:00Z</updated><link rel="self" href="/opds"/></feed>""",
                // a date without a zone
                """<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2026-11-29T00:00:00</updated><link rel="self" href="/opds"/></feed>""",
                // a link without href, and two titles in an entry
                """<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2026-11-29T00:00:00Z</updated><link rel="self"/><entry><id>urn:y</id><title>a</title><title>b</title><updated>2026-11-29T00:00:00Z</updated></entry></feed>""",
            ];
            foreach ((string xml, int i) in broken.Select((x, i) => (x, i)))
            {
                string file = Path.Combine(folder, $"broken{i}.xml");
                await File.WriteAllTextAsync(file, xml);
                (int exit, string output) = await JingAsync("opds-catalog.rnc", [file]);
                Assert.True(exit != 0 && output.Contains(" error: ", StringComparison.Ordinal), $"broken{i}: {output}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> JingAsync(string schema, IEnumerable<string> files)
    {
        var start = new ProcessStartInfo(JingFactAttribute.Jing) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Path.Combine(SchemaFolder, schema));
        foreach (string file in files)
        {
            start.ArgumentList.Add(file);
        }

        using Process jing = Process.Start(start)!;
        Task<string> output = jing.StandardOutput.ReadToEndAsync();
        Task<string> error = jing.StandardError.ReadToEndAsync();
        await jing.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (jing.ExitCode, await output + await error);
    }

    [GeneratedRegex("<link rel=\"subsection\" href=\"(.*?)\"")]
    private static partial Regex EntryHref();
}
