using System.IO.Compression;
using System.Net;
using System.Text;
using Bookline.Library.Catalog;
using SkiaSharp;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Bookline.Web.Tests.Covers;

/// <summary>Covers from every place a book keeps one, resized, kept, and a placeholder for the rest; never a file outside the library.</summary>
public sealed class CoverTests
{
    private static readonly Dictionary<string, string> NoText = new() { ["plain/no cover.txt"] = "Title: No Cover\n\nJust words, and no picture at all.\n" };

    [Fact]
    public async Task ACoverBesideTheBookInsideAnEpubAComicAndAnFb2IsServedResizedAsJpeg()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(NoText, root =>
        {
            string library = Path.Combine(root, "library");
            Directory.CreateDirectory(Path.Combine(library, "Ada Keeper", "Harbour (1)"));
            File.WriteAllText(Path.Combine(library, "Ada Keeper", "Harbour (1)", "Harbour - Ada Keeper.txt"), "Harbour\n\nThe harbour at night, with its lamps.\n");
            File.WriteAllBytes(Path.Combine(library, "Ada Keeper", "Harbour (1)", "cover.jpg"), Picture(800, 1200, SKEncodedImageFormat.Jpeg));
            File.WriteAllBytes(Path.Combine(library, "tide.epub"), Epub("Tide Tables", Picture(1000, 1500, SKEncodedImageFormat.Png)));
            File.WriteAllBytes(Path.Combine(library, "fog.cbz"), Zip(("page2.png", Picture(300, 300, SKEncodedImageFormat.Png)), ("page1.jpg", Picture(900, 1350, SKEncodedImageFormat.Jpeg))));
            File.WriteAllText(Path.Combine(library, "gulls.fb2"), Fb2("Gulls", Picture(400, 600, SKEncodedImageFormat.Png)));
        });

        foreach (string title in new[] { "Harbour", "Tide Tables", "fog", "Gulls" })
        {
            CatalogBook book = await BookAsync(served, title);
            using HttpResponseMessage thumbnail = await served.Http.GetAsync(BooklineEndpoints.CoverPath(book.Id, null, thumbnail: true));
            Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
            Assert.True(thumbnail.Content.Headers.ContentType?.MediaType == "image/jpeg", $"{title}: {thumbnail.Content.Headers.ContentType}");
            using SKBitmap small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
            Assert.True(small.Width <= 200 && small.Height <= 300 && (small.Width == 200 || small.Height == 300), $"{title}: {small.Width}×{small.Height}");

            using SKBitmap full = SKBitmap.Decode(await served.Http.GetByteArrayAsync(BooklineEndpoints.CoverPath(book.Id, null, thumbnail: false)));
            Assert.True(full.Width <= 600 && full.Height <= 900 && full.Width > 200, $"{title}: {full.Width}×{full.Height}");
        }

        // The comic's cover is its first page in natural order, a portrait; page2 is square.
        using SKBitmap comic = SKBitmap.Decode(await served.Http.GetByteArrayAsync(BooklineEndpoints.CoverPath((await BookAsync(served, "fog")).Id, null, thumbnail: true)));
        Assert.Equal((200, 300), (comic.Width, comic.Height));
    }

    [PdftoppmFact]
    public async Task APdfsCoverIsItsFirstPageDrawnByPdftoppm()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(NoText, root => File.WriteAllBytes(Path.Combine(root, "library", "chart.pdf"), Pdf("Tide chart for the harbour")));
        CatalogBook book = (await served.Catalog.BooksAsync()).Single(b => b.Format == "pdf");

        using HttpResponseMessage response = await served.Http.GetAsync(BooklineEndpoints.CoverPath(book.Id, null, thumbnail: true));

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using SKBitmap page = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.True(page.Width == 200 && page.Height is > 270 and < 300, $"{page.Width}×{page.Height}: an A4 page is a portrait, 1 : 1.41");
    }

    [Fact]
    public async Task ABookWithoutACoverOrWithOneThatIsNotSafeToReadGetsThePlaceholder()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(NoText, root =>
        {
            string library = Path.Combine(root, "library");
            // A cover that claims 100,000 × 100,000 pixels in a 60-byte file; a cover that is a link out of the library.
            Directory.CreateDirectory(Path.Combine(library, "Bomb (2)"));
            File.WriteAllText(Path.Combine(library, "Bomb (2)", "Bomb.txt"), "Bomb\n\nA picture that claims to be enormous.\n");
            File.WriteAllBytes(Path.Combine(library, "Bomb (2)", "cover.png"), HugePngHeader());
            Directory.CreateDirectory(Path.Combine(library, "Outside (3)"));
            File.WriteAllText(Path.Combine(library, "Outside (3)", "Outside.txt"), "Outside\n\nIts cover lives elsewhere.\n");
            File.WriteAllBytes(Path.Combine(root, "private.jpg"), Picture(100, 150, SKEncodedImageFormat.Jpeg));
            File.CreateSymbolicLink(Path.Combine(library, "Outside (3)", "cover.jpg"), Path.Combine(root, "private.jpg"));
        });

        foreach (string title in new[] { "No Cover", "Bomb", "Outside" })
        {
            CatalogBook book = await BookAsync(served, title);
            using HttpResponseMessage response = await served.Http.GetAsync(BooklineEndpoints.CoverPath(book.Id, null, thumbnail: true));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Content.Headers.ContentType?.MediaType == "image/png", $"{title}: {response.Content.Headers.ContentType}");
            using SKBitmap placeholder = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((200, 300), (placeholder.Width, placeholder.Height));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await served.Http.GetAsync("/books/999999/thumbnail")).StatusCode);
    }

    [Fact]
    public async Task AVersionedCoverIsKeptAYearAndANewCoverFileIsANewVersion()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(NoText, root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "library", "Harbour (1)"));
            File.WriteAllText(Path.Combine(root, "library", "Harbour (1)", "Harbour.txt"), "Harbour\n\nLamps.\n");
            File.WriteAllBytes(Path.Combine(root, "library", "Harbour (1)", "cover.jpg"), Picture(400, 600, SKEncodedImageFormat.Jpeg));
        });
        CatalogBook book = await BookAsync(served, "Harbour");
        string entry = await served.Http.GetStringAsync("/opds/books/" + book.Id);
        string versioned = System.Text.RegularExpressions.Regex.Match(entry, "href=\"(/books/\\d+/thumbnail\\?v=[0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEmpty(versioned);
        Assert.Contains("rel=\"http://opds-spec.org/image\"", entry, StringComparison.Ordinal);

        using HttpResponseMessage first = await served.Http.GetAsync(versioned);
        Assert.True(first.Headers.CacheControl is { Private: true, MaxAge.TotalDays: 365 } control && control.Extensions.Any(e => e.Name == "immutable"), first.Headers.CacheControl?.ToString());
        Assert.Single(Directory.GetFiles(Path.Combine(served.Root, "covers"), "*.jpg", SearchOption.AllDirectories));
        using var again = new HttpRequestMessage(HttpMethod.Get, versioned);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await served.Http.SendAsync(again)).StatusCode);

        // calibre writes a new cover.jpg: the entry links a new address, whose image is the new one.
        File.WriteAllBytes(Path.Combine(served.Library, "Harbour (1)", "cover.jpg"), Picture(600, 400, SKEncodedImageFormat.Jpeg));
        string changed = System.Text.RegularExpressions.Regex.Match(await served.Http.GetStringAsync("/opds/books/" + book.Id), "href=\"(/books/\\d+/thumbnail\\?v=[0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEqual(versioned, changed);
        using SKBitmap landscape = SKBitmap.Decode(await served.Http.GetByteArrayAsync(changed));
        Assert.Equal((200, 133), (landscape.Width, landscape.Height));
        using HttpResponseMessage stale = await served.Http.GetAsync(versioned);
        Assert.True(stale.Headers.CacheControl is { Private: true, NoCache: true, MaxAge: null }, stale.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task ABookWithoutACoverHasNoImageLinkInItsEntry()
    {
        await using ServedLibrary served = await ServedLibrary.StartAsync(NoText);
        CatalogBook book = await BookAsync(served, "No Cover");

        Assert.DoesNotContain("opds-spec.org/image", await served.Http.GetStringAsync("/opds/books/" + book.Id), StringComparison.Ordinal);
    }

    internal static byte[] Picture(int width, int height, SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(new SKColor(30, 90, 150));
        using var paint = new SKPaint { Color = new SKColor(240, 200, 80) };
        surface.Canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(format, 90);
        return data.ToArray();
    }

    internal static byte[] Epub(string title, byte[] cover)
    {
        const string opf = """
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{0}</dc:title><dc:identifier id="id">urn:uuid:{1}</dc:identifier><dc:language>en</dc:language><meta name="cover" content="cover-image"/></metadata>
              <manifest><item id="text" href="text.xhtml" media-type="application/xhtml+xml"/><item id="cover-image" href="images/cover.png" media-type="image/png"/></manifest>
              <spine><itemref idref="text"/></spine>
            </package>
            """;
        return Zip(
            ("mimetype", Encoding.ASCII.GetBytes("application/epub+zip")),
            ("META-INF/container.xml", Encoding.UTF8.GetBytes("""<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>""")),
            ("OEBPS/content.opf", Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, opf, title, Guid.NewGuid()))),
            ("OEBPS/text.xhtml", Encoding.UTF8.GetBytes($"<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{title}</title></head><body><p>The tide came in twice a day.</p></body></html>")),
            ("OEBPS/images/cover.png", cover));
    }

    internal static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                using Stream stream = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
        }

        return memory.ToArray();
    }

    private static string Fb2(string title, byte[] cover) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">
          <description><title-info><author><first-name>Ada</first-name><last-name>Keeper</last-name></author><book-title>{title}</book-title>
            <coverpage><image l:href="#cover.png"/></coverpage><lang>en</lang></title-info></description>
          <body><section><p>Gulls over the harbour, crying at dawn.</p></section></body>
          <binary id="other.png" content-type="image/png">{Convert.ToBase64String(Picture(50, 50, SKEncodedImageFormat.Png))}</binary>
          <binary id="cover.png" content-type="image/png">{Convert.ToBase64String(cover)}</binary>
        </FictionBook>
        """;

    private static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText(text, 14, new UglyToad.PdfPig.Core.PdfPoint(72, 720), font);
        return builder.Build();
    }

    /// <summary>A PNG whose header says 100,000 × 100,000 pixels, and nothing after it.</summary>
    private static byte[] HugePngHeader()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 6, 0, 0, 0, 0, 0, 0, 0];
        uint crc = 0xFFFFFFFF;
        foreach (byte b in png.AsSpan(12, 17))
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        crc = ~crc;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
        return [.. png, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
    }

    private static async Task<CatalogBook> BookAsync(ServedLibrary served, string title) =>
        (await served.Catalog.BooksAsync()).Single(b => b.Title == title);
}
