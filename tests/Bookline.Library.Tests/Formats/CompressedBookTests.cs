using System.IO.Compression;
using Bookline.Library.Formats;
using Bookline.Library.Samples;
using SharpCompress.Compressors.BZip2;

namespace Bookline.Library.Tests.Formats;

public sealed class CompressedBookTests : IDisposable
{
    private static readonly byte[] Page = "Title: The Harbour Manual\n\nEvery lighthouse keeper reads the harbour manual twice.\n"u8.ToArray();

    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void APdfInAGzipStreamIsReadAsThePdfInside()
    {
        byte[] pdf = SampleBooks.Pdf("The Harbour Manual", "Ada Keeper", "Every lighthouse keeper reads the harbour manual twice.");
        string path = _folder.File("manual.pdf.gz", Gzip(pdf));
        ExtractedBook book = _reader.Read(path);
        Assert.Equal(BookFormat.Pdf, book.Format);
        Assert.Equal(("The Harbour Manual", "Ada Keeper", 1), (book.Title, book.Author, book.Pages));
        Assert.Contains("lighthouse keeper", book.Text, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), book.Sha256);
    }

    [Fact]
    public async Task TextInBzip2XzAndZstdIsRead()
    {
        Assert.Contains("harbour manual twice", _reader.Read(_folder.File("manual.txt.bz2", Bzip2(Page))).Text, StringComparison.Ordinal);
        Assert.Contains("harbour manual twice", _reader.Read(_folder.File("manual.txt.zst", Zstd(Page))).Text, StringComparison.Ordinal);

        // xz is written by the xz tool, which every Debian has (xz-utils).
        if (File.Exists("/usr/bin/xz"))
        {
            string xz = _folder.File("manual.txt", Page);
            await ToolRun.RunAsync(TimeSpan.FromSeconds(30), "/usr/bin/xz", xz);
            Assert.Contains("harbour manual twice", _reader.Read(xz + ".xz").Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ANameWithoutTheInnerExtensionIsReadByTheContentInside()
    {
        ExtractedBook book = _reader.Read(_folder.File("manual.gz", Gzip(SampleBooks.Epub("Inside", "Writer", "en", ["A chapter about harbours."]))));
        Assert.Equal(BookFormat.Epub, book.Format);
        Assert.Equal("Inside", book.Title);
    }

    [Fact]
    public void AGzipBombFailsOnItsRatioBeforeItsSize()
    {
        string bomb = _folder.File("bomb.txt.gz", Gzip(new byte[200 * 1024 * 1024]));
        var error = Assert.Throws<BookReadException>(() => _reader.Read(bomb));
        Assert.Matches("^'bomb.txt' in the gzip stream unpacks to more than 100 times its packed size of .+ \\(a decompression bomb\\?\\)$", error.Message);
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "bookline-unpack-*"), d => File.Exists(Path.Combine(d, "bomb.txt")));
    }

    [Fact]
    public void CompressionNestedPastTheLimitFails()
    {
        byte[] bytes = Page;
        for (int i = 0; i < 4; i++)
        {
            bytes = Gzip(bytes);
        }

        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("deep.txt.gz.gz.gz.gz", bytes)));
        Assert.Equal("compressed or archived 4 times over, past the limit of 3", error.Message);
        Assert.Contains("harbour", _reader.Read(_folder.File("three.txt.gz.gz.gz", Gzip(Gzip(Gzip(Page))))).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ACutGzipStreamFailsAsDamaged()
    {
        byte[] gzip = Gzip(SampleBooks.Pdf("Cut", "Writer", "A page of text that is long enough to be cut in the middle of its stream."));
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("cut.pdf.gz", gzip[..(gzip.Length / 2)])));
        Assert.StartsWith("the gzip stream is damaged", error.Message, StringComparison.Ordinal);
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    private static byte[] Bzip2(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var bzip2 = BZip2Stream.Create(memory, SharpCompress.Compressors.CompressionMode.Compress, decompressConcatenated: false, leaveOpen: true, tolerateTruncatedStream: false))
        {
            bzip2.Write(bytes);
            bzip2.Finish();
        }

        return memory.ToArray();
    }

    private static byte[] Zstd(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var zstd = new SharpCompress.Compressors.ZStandard.CompressionStream(memory, 3, 64 * 1024, leaveOpen: true))
        {
            zstd.Write(bytes);
        }

        return memory.ToArray();
    }
}
