using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;
using Bookline.Library.Tests.Formats;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

/// <summary>A zip, RAR or 7z in a library is a folder of books: each book in it cataloged with a path that says where it lives.</summary>
public sealed class ArchiveOfBooksTests : IDisposable
{
    private readonly TestLibrary _library = new();

    public ArchiveOfBooksTests()
    {
        byte[] inner = TestZip.Of(("deep/tide.md", "# Tide Tables\n\nThe spring tide rises past the harbour wall."u8.ToArray()));
        _library.Put("shelf/collection.zip", TestZip.Of(
            ("novels/emma.epub", SampleBooks.Epub("Emma", "Jane Austen", "en", ["Emma Woodhouse, handsome, clever, and rich."])),
            ("novels/emma.txt", "Emma Woodhouse, with a comfortable home."u8.ToArray()),
            ("manual.pdf.gz", CompressedBookTests.Gzip(SampleBooks.Pdf("Keeper's Manual", "Ada Keeper", "Trim the lighthouse wick at dusk."))),
            ("more/inner.zip", inner),
            ("photos/gull.jpg", [0xFF, 0xD8, 0xFF]),
            ("README", "not a book"u8.ToArray())));
        _library.Put("shelf/comics.rar", TestRar.Of(("persuasion.txt", "Sir Walter Elliot, of Kellynch Hall."u8.ToArray())));
        _library.Put("shelf/holiday.zip", TestZip.Of(("a.jpg", [1]), ("b.jpg", [2])));
        _library.Put("shelf/damaged.zip", [.. "PK\x03\x04"u8, .. new byte[64]]);
        _library.Put("shelf/not-a.zip", "just some words"u8.ToArray());
        _library.Put("shelf/beside.txt", "A book beside the archives, about gulls."u8.ToArray());
    }

    public void Dispose() => _library.Dispose();

    [Fact]
    public async Task EachBookInAnArchiveIsCatalogedWithAPathInsideIt()
    {
        using SqliteCatalog catalog = _library.OpenCatalog();
        LibraryScanReport report = await _library.ScanAsync(catalog);

        CatalogBook emma = catalog.FindByPath("shelf/collection.zip!/novels/emma.txt")!;
        Assert.Equal(["shelf/collection.zip!/novels/emma.epub", "shelf/collection.zip!/novels/emma.txt"], emma.Files.Select(f => f.Path));
        Assert.Equal(("Emma", "Jane Austen", "epub"), (emma.Title, emma.Author, emma.Format));
        Assert.Equal(["shelf/collection.zip!/novels/emma.epub"], catalog.Search("woodhouse").Select(h => h.Path));
        Assert.Equal(["shelf/collection.zip!/manual.pdf.gz"], catalog.Search("wick").Select(h => h.Path));
        Assert.Equal("Keeper's Manual", catalog.FindByPath("shelf/collection.zip!/manual.pdf.gz")!.Title);
        Assert.Equal(["shelf/collection.zip!/more/inner.zip!/deep/tide.md"], catalog.Search("spring tide").Select(h => h.Path));
        Assert.Equal(["shelf/comics.rar!/persuasion.txt"], catalog.Search("kellynch").Select(h => h.Path));
        Assert.Equal(["shelf/beside.txt"], catalog.Search("gulls").Select(h => h.Path));

        // Pictures and other files in an archive of books are not books; an archive of pictures is skipped, a damaged one fails.
        Assert.Null(catalog.FindByPath("shelf/collection.zip!/photos/gull.jpg"));
        Assert.Contains(catalog.Skipped(), s => s.Path == "shelf/holiday.zip" && s.Reason == "a zip archive that holds no book Bookline reads");
        Assert.Equal(["shelf/damaged.zip", "shelf/not-a.zip"], catalog.Failures().Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Contains("damaged zip", catalog.Failures().Single(f => f.Path == "shelf/damaged.zip").Reason, StringComparison.Ordinal);
        Assert.StartsWith("named .zip, but its content is not an archive", catalog.Failures().Single(f => f.Path == "shelf/not-a.zip").Reason, StringComparison.Ordinal);
        Assert.Equal((2, 1), (report.Failed, report.Skipped));

        // A rescan reads nothing; an archive written again is read again, and a book gone from it is removed.
        LibraryScanReport again = await _library.ScanAsync(catalog);
        Assert.Equal(0, again.Cataloged);
        _library.Put("shelf/comics.rar", TestRar.Of(("emma-notes.txt", "Notes on Highbury."u8.ToArray())));
        File.SetLastWriteTimeUtc(_library.PathOf("shelf/comics.rar"), DateTime.UtcNow.AddMinutes(-1));
        LibraryScanReport changed = await _library.ScanAsync(catalog);
        Assert.Equal((1, 1), (changed.Cataloged, changed.Removed));
        Assert.Empty(catalog.Search("kellynch"));
        Assert.Equal(["shelf/comics.rar!/emma-notes.txt"], catalog.Search("highbury").Select(h => h.Path));
    }
}
