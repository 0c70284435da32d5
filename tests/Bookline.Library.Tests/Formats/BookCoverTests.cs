using System.IO.Compression;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using static Bookline.Library.Tests.Formats.KindleFile;

namespace Bookline.Library.Tests.Formats;

/// <summary>A cover's bytes, from wherever the reader said it is: a MOBI record, a book inside an archive of books, or nowhere safe.</summary>
public sealed class BookCoverTests : IDisposable
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0xFF, 0xD9];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AMobiCoverIsTheImageRecordTheReaderNamed()
    {
        _folder.File("whale.mobi", Mobi([[.. Utf8("<p>Call me Ishmael.</p>"), 0x00]], exth: [(201, U32(0))], cover: Jpeg));
        ExtractedBook read = new BookReader().Read(Path.Combine(_folder.Path, "whale.mobi"));

        Assert.Equal(Jpeg, BookCover.Read(_folder.Path, Book("whale.mobi", "whale.mobi!/" + read.Cover)));
    }

    [Fact]
    public void ACoverInsideABookInsideAZipOfBooksIsReadWithinTheLimits()
    {
        byte[] comic = Zip(("page1.jpg", Jpeg));
        File.WriteAllBytes(Path.Combine(_folder.Path, "comics.zip"), Zip(("fog.cbz", comic)));

        Assert.Equal(Jpeg, BookCover.Read(_folder.Path, Book("comics.zip!/fog.cbz", "comics.zip!/fog.cbz!/page1.jpg")));
        // A cover larger than an entry may be is no cover.
        Assert.Null(BookCover.Read(_folder.Path, Book("comics.zip!/fog.cbz", "comics.zip!/fog.cbz!/page1.jpg"), new ReadLimits { MaxEntryBytes = 4 }));
    }

    [Theory]
    [InlineData("../outside.jpg")]
    [InlineData("/etc/hostname")]
    [InlineData("missing.epub!/cover.jpg")]
    [InlineData("whale.txt!/../../outside.jpg")]
    public void ACoverOutsideTheLibraryOrNowhereIsNull(string cover)
    {
        string library = Directory.CreateDirectory(Path.Combine(_folder.Path, "library")).FullName;
        _folder.File("outside.jpg", Jpeg);
        File.WriteAllText(Path.Combine(library, "whale.txt"), "Call me Ishmael.");

        Assert.Null(BookCover.Read(library, Book("whale.txt", cover)));
    }

    private static CatalogBook Book(string path, string? cover) =>
        new(string.Empty, path, Path.GetExtension(path).TrimStart('.'), "Book", null, null, null, 1, 1, "00", DateTimeOffset.UnixEpoch, null, null) { Cover = cover };

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                using Stream stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return memory.ToArray();
    }
}
