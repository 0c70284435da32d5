using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Scanning;

/// <summary>Files that are one work are one book with several formats, as calibre groups them.</summary>
public sealed class BookGroupingTests : IDisposable
{
    private readonly TestLibrary _library = new();

    public BookGroupingTests()
    {
        _library.Put("novels/emma.epub", SampleBooks.Epub("Emma", "Jane Austen", "en", ["Emma Woodhouse, handsome, clever, and rich."]));
        _library.Put("novels/Emma.txt", "Emma Woodhouse, handsome, clever, and rich, with a comfortable home."u8.ToArray());
        _library.Put("novels/emma.pdf", SampleBooks.Pdf("Emma", "Jane Austen", "Emma Woodhouse, handsome, clever."));
        _library.Put("novels/persuasion.txt", "Sir Walter Elliot, of Kellynch Hall."u8.ToArray());
        _library.Put("novels/old/emma.txt", "An older Emma Woodhouse, in another folder."u8.ToArray());
    }

    public void Dispose() => _library.Dispose();

    [Fact]
    public async Task FilesWhoseNamesDifferOnlyByExtensionAreOneBookIndexedOnceFromItsBestFormat()
    {
        using SqliteCatalog catalog = _library.OpenCatalog();
        LibraryScanReport report = await _library.ScanAsync(catalog);

        Assert.Equal((5, 3), (report.Found, report.Cataloged)); // another folder is another book
        CatalogBook emma = catalog.FindByPath("novels/Emma.txt")!;
        Assert.Equal(("novels/emma", "novels/emma.epub", "epub"), (emma.BookKey, emma.Path, emma.Format));
        Assert.Equal(["novels/emma.epub", "novels/Emma.txt", "novels/emma.pdf"], emma.Files.Select(f => f.Path));
        Assert.Equal(["epub", "txt", "pdf"], emma.Files.Select(f => f.Format));
        Assert.All(emma.Files, f => Assert.Equal(64, f.Sha256.Length));
        Assert.All(emma.Files, f => Assert.True(f.Words > 0, f.Path));
        Assert.Equal("Jane Austen", emma.Author); // from the EPUB, the best format
        Assert.Equal(emma.Id, catalog.FindByPath("novels/emma.pdf")!.Id);
        // The text is the EPUB's, indexed once: one hit, and words only the text file has are not found.
        Assert.Equal(["novels/emma.epub", "novels/old/emma.txt"], catalog.Search("woodhouse").Select(h => h.Path).Order(StringComparer.Ordinal));
        Assert.Empty(catalog.Search("comfortable"));
        Assert.Equal((3L, 5L), (catalog.GetStatus().Books, catalog.GetStatus().Files));
    }

    [Fact]
    public async Task OneBookPerFileTurnsGroupingOff()
    {
        using SqliteCatalog catalog = _library.OpenCatalog();
        LibraryScanReport report = await _library.ScanAsync(catalog, new LibraryScanOptions { OneBookPerFile = true });

        Assert.Equal(5, report.Cataloged);
        Assert.Single(catalog.FindByPath("novels/Emma.txt")!.Files);
        Assert.Single(catalog.Search("comfortable"));
    }

    [Fact]
    public async Task ARescanReadsABookAgainOnlyWhenOneOfItsFilesChangedCameOrWent()
    {
        using SqliteCatalog catalog = _library.OpenCatalog();
        await _library.ScanAsync(catalog);

        LibraryScanReport unchanged = await _library.ScanAsync(catalog);
        Assert.Equal((5, 0), (unchanged.Unchanged, unchanged.Cataloged));

        _library.Put("novels/emma.lit", "ITOLITLS not read"u8.ToArray()); // a new file of the book: the book is read again
        LibraryScanReport grown = await _library.ScanAsync(catalog);
        Assert.Equal((1, 2), (grown.Cataloged, grown.Unchanged));
        Assert.Contains(catalog.Skipped(), s => s.Path == "novels/emma.lit");
        Assert.DoesNotContain(catalog.Failures(), f => f.Path == "novels/emma.lit");

        File.Delete(_library.PathOf("novels/emma.epub")); // its main format gone: the book is the PDF's now
        LibraryScanReport shrunk = await _library.ScanAsync(catalog);
        Assert.Equal((1, 0), (shrunk.Cataloged, shrunk.Removed));
        CatalogBook emma = catalog.FindByPath("novels/Emma.txt")!;
        Assert.Equal(("novels/emma.pdf", 2), (emma.Path, emma.Files.Count));
        Assert.Null(catalog.FindByPath("novels/emma.epub"));

        File.Delete(_library.PathOf("novels/emma.pdf"));
        File.Delete(_library.PathOf("novels/Emma.txt"));
        File.Delete(_library.PathOf("novels/emma.lit"));
        LibraryScanReport gone = await _library.ScanAsync(catalog);
        Assert.Equal(1, gone.Removed);
        Assert.Equal(2, catalog.GetStatus().Books);
        Assert.Empty(catalog.Failures());
    }

    [Fact]
    public async Task AFormatThatCannotBeReadFailsAloneAndTheBookIsCatalogedFromTheOthers()
    {
        _library.Put("novels/persuasion.pdf", "%PDF-1.7 torn off"u8.ToArray());
        using SqliteCatalog catalog = _library.OpenCatalog();

        LibraryScanReport report = await _library.ScanAsync(catalog);

        Assert.Equal((3, 1), (report.Cataloged, report.Failed));
        CatalogBook persuasion = catalog.FindByPath("novels/persuasion.txt")!;
        Assert.Single(persuasion.Files);
        CatalogFailure failure = Assert.Single(catalog.Failures());
        Assert.Equal(("novels/persuasion.pdf", "scan"), (failure.Path, failure.Stage));
        Assert.Contains("PDF", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACalibreBookFolderIsOneBookWhateverItsFilesAreNamed()
    {
        string calibre = Path.Combine(_library.Folder, "calibre");
        IReadOnlyDictionary<int, string> folders = CalibreLibrary.Write(calibre);
        File.WriteAllText(Path.Combine(calibre, folders[1], "notes from the author.txt"), "A note on the text.");
        using SqliteCatalog catalog = _library.OpenCatalog();

        LibraryScanReport report = await new LibraryScanner().ScanAsync(calibre, catalog).WaitAsync(TestLibrary.Bound);

        Assert.Equal(3, report.Cataloged);
        CatalogBook omens = catalog.FindByPath($"{folders[1]}/notes from the author.txt")!;
        Assert.Equal((folders[1], "epub", 3), (omens.BookKey, omens.Format, omens.Files.Count));
        Assert.Equal("Good Omens", omens.Title);
    }

    [Fact]
    public async Task AnHtmlBookIsReadAgainWhenOnlyOneOfItsChaptersChanged()
    {
        _library.Put("manuals/guide/index.html", "<html><head><title>Guide</title></head><body><a href=\"two.html\">Two</a> Harbour basics.</body></html>"u8.ToArray());
        _library.Put("manuals/guide/two.html", "<html><body>Chapter two: anchors.</body></html>"u8.ToArray());
        using SqliteCatalog catalog = _library.OpenCatalog();
        await _library.ScanAsync(catalog);
        Assert.Single(catalog.Search("anchors"));

        string chapter = _library.PathOf("manuals/guide/two.html");
        File.WriteAllBytes(chapter, "<html><body>Chapter two: moorings.</body></html>"u8.ToArray());
        File.SetLastWriteTimeUtc(chapter, DateTime.UtcNow.AddMinutes(-1));
        LibraryScanReport again = await _library.ScanAsync(catalog);

        Assert.Equal(1, again.Cataloged);
        Assert.Empty(catalog.Search("anchors"));
        Assert.Equal(["manuals/guide/index.html"], catalog.Search("moorings").Select(h => h.Path));
        Assert.Equal(0, (await _library.ScanAsync(catalog)).Cataloged);
    }
}
