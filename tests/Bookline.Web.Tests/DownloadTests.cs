using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bookline.Library.Catalog;

namespace Bookline.Web.Tests;

/// <summary>Each file of a book at a stable address, with the headers readers and browsers need, and nothing outside the library.</summary>
public sealed class DownloadTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["sea/Café del Mar.txt"] = "Title: Café del Mar\n\nThe lighthouse keeper counted the waves, one by one, until dawn.\n",
        ["sea/moby.txt"] = "Title: Moby Dick\n\nCall me Ishmael. Some years ago, never mind how long precisely.\n",
    };

    [Fact]
    public async Task AFileComesWholeWithItsTypeItsUtf8NameAndValidators()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        string path = await DownloadPathAsync(served, "Café del Mar");

        using HttpResponseMessage response = await served.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(served.Library, "sea", "Café del Mar.txt"))), SHA256.HashData(body));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("Café del Mar.txt", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await served.Http.SendAsync(again)).StatusCode);
        using var since = new HttpRequestMessage(HttpMethod.Get, path);
        since.Headers.IfModifiedSince = response.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await served.Http.SendAsync(since)).StatusCode);
    }

    [Fact]
    public async Task ARangeIsServedAsAPartAndAHeadAsHeadersOnly()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        string path = await DownloadPathAsync(served, "Moby Dick");
        byte[] whole = File.ReadAllBytes(Path.Combine(served.Library, "sea", "moby.txt"));

        using var ranged = new HttpRequestMessage(HttpMethod.Get, path);
        ranged.Headers.Range = new RangeHeaderValue(5, 14);
        using HttpResponseMessage part = await served.Http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(whole[5..15], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(whole.Length, part.Content.Headers.ContentRange?.Length);

        using HttpResponseMessage head = await served.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(whole.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/books/{id}/files/0/..%2F..%2Fcatalog.db")]
    [InlineData("/books/{id}/files/0/%2E%2E")]
    [InlineData("/books/{id}/files/0/..")]
    [InlineData("/books/{id}/files/1/moby.txt")]
    [InlineData("/books/{id}/files/-1/moby.txt")]
    [InlineData("/books/{id}/files/0/other.txt")]
    [InlineData("/books/999999/files/0/moby.txt")]
    [InlineData("/books/{id}/files/0/moby.txt/../../../catalog.db")]
    public async Task AnAddressThatIsNotABooksFileFindsNothing(string address)
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        string id = (await DownloadPathAsync(served, "Moby Dick")).Split('/')[2];

        using HttpResponseMessage response = await served.Http.GetAsync(address.Replace("{id}", id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AFileTurnedIntoALinkOutOfTheLibraryOrAPipeIsNotServedButALinkWithinIs()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        string moby = await DownloadPathAsync(served, "Moby Dick");
        string cafe = await DownloadPathAsync(served, "Café del Mar");
        string secret = Path.Combine(served.Root, "secret.txt");
        File.WriteAllText(secret, "not a book");

        // After the scan, one book's file becomes a link to a file beside the library, the other a link to a file within.
        File.Delete(Path.Combine(served.Library, "sea", "moby.txt"));
        File.CreateSymbolicLink(Path.Combine(served.Library, "sea", "moby.txt"), secret);
        File.Copy(Path.Combine(served.Library, "sea", "Café del Mar.txt"), Path.Combine(served.Library, "kept.txt"));
        File.Delete(Path.Combine(served.Library, "sea", "Café del Mar.txt"));
        File.CreateSymbolicLink(Path.Combine(served.Library, "sea", "Café del Mar.txt"), Path.Combine("..", "kept.txt"));

        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync(moby)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await served.Http.GetAsync(cafe)).StatusCode);

        // A named pipe answers at once with nothing, instead of waiting for a writer.
        File.Delete(Path.Combine(served.Library, "sea", "moby.txt"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(served.Library, "sea", "moby.txt")))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync(moby).WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Fact]
    public async Task ABookInsideAZipOfBooksIsServedWholeWithRangesAndAsNestedOne()
    {
        byte[] voyage = System.Text.Encoding.UTF8.GetBytes("Title: The Long Voyage\n\nThe ship sailed out past the lighthouse and on into the fog.\n");
        byte[] inner = Covers.CoverTests.Zip(("deep/tide.txt", System.Text.Encoding.UTF8.GetBytes("Title: Tide Tables\n\nHigh water at dawn, low water at noon.\n")));
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, root =>
            File.WriteAllBytes(Path.Combine(root, "library", "sea", "boxed.zip"), Covers.CoverTests.Zip(("voyages/voyage.txt", voyage), ("more.zip", inner))));

        string path = await DownloadPathAsync(served, "The Long Voyage");
        Assert.EndsWith("/voyage.txt", path, StringComparison.Ordinal);
        using HttpResponseMessage whole = await served.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(voyage, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/plain", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("voyage.txt", whole.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.NotNull(whole.Headers.ETag);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, path);
        ranged.Headers.Range = new RangeHeaderValue(7, 20);
        using HttpResponseMessage part = await served.Http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(voyage[7..21], await part.Content.ReadAsByteArrayAsync());

        using HttpResponseMessage nested = await served.Http.GetAsync(await DownloadPathAsync(served, "Tide Tables"));
        Assert.Equal(HttpStatusCode.OK, nested.StatusCode);
        Assert.StartsWith("Title: Tide Tables", await nested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The archive replaced by one without the book: not found, not an error.
        File.WriteAllBytes(Path.Combine(served.Library, "sea", "boxed.zip"), Covers.CoverTests.Zip(("other.txt", voyage)));
        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task WithoutALibraryFolderNoFileIsServedAndFeedsOfferNone()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files, serveFiles: false);

        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/books/1/files/0/moby.txt")).StatusCode);
        Assert.DoesNotContain("opds-spec.org/acquisition", await served.Http.GetStringAsync("/opds/books"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("sea/../../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sea/./moby.txt")]
    [InlineData("sea\0/moby.txt")]
    [InlineData("")]
    [InlineData("sea")]
    public async Task ACatalogPathOutsideTheLibraryOrNotAFileResolvesToNothing(string path)
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(Files);
        File.WriteAllText(Path.Combine(served.Root, "secret.txt"), "not a book");

        Assert.Null(LibraryFile.Resolve(served.Library, path));
        Assert.NotNull(LibraryFile.Resolve(served.Library, "sea/moby.txt"));
    }

    /// <summary>The download address of a book's first file, as its feed entry gives it.</summary>
    internal static async Task<string> DownloadPathAsync(ServedLibrary served, string title)
    {
        var book = (await served.Catalog.BooksAsync()).Single(b => b.Title == title);
        return BooklineEndpoints.DownloadPath(book.Id, 0, book.AllFiles[0].Path);
    }
}
