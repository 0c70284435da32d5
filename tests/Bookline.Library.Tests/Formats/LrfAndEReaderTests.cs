using System.Buffers.Binary;
using System.Text;
using Bookline.Library.Formats;
using Bookline.Library.Formats.Palm;

namespace Bookline.Library.Tests.Formats;

public sealed class LrfAndEReaderTests : IDisposable
{
    private const string Info = """
        <?xml version='1.0' encoding='utf-8'?>
        <Info version="1.1"><BookInfo><Title reading="">The Keeper's Log</Title><Author reading="">Ada Keeper</Author>
        <Publisher reading="">Unknown</Publisher><Category>Sea</Category><FreeText>A year of a lighthouse.</FreeText></BookInfo>
        <DocInfo><Language>en</Language><CreationDate>2024-05-01</CreationDate><SumPage>12</SumPage></DocInfo></Info>
        """;

    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnLrfBooksTextAndMetadataAreRead(bool scrambled)
    {
        byte[] lrf = LrfFile.Of(Info, scrambled, "The lamp was lit at dusk.", "The fog bell rang twice.");
        ExtractedBook book = _reader.Read(_folder.File("log.lrf", lrf));
        Assert.Equal(BookFormat.Lrf, book.Format);
        Assert.Equal(("The Keeper's Log", "Ada Keeper", "en", 12), (book.Title, book.Author, book.Language, book.Pages));
        Assert.Equal("The lamp was lit at dusk.\nThe fog bell rang twice.", book.Text);
        Assert.Null(book.Metadata.Publisher); // calibre's "Unknown"
        Assert.Equal(["Sea"], book.Metadata.Tags);
        Assert.Equal("A year of a lighthouse.", book.Metadata.Description);
        Assert.Equal("2024-05-01", book.Metadata.Published);
    }

    [Fact]
    public void AnLrfWhoseIndexPointsPastItsEndFailsWithAReason()
    {
        byte[] lrf = LrfFile.Of(Info, false, "Text.");
        BinaryPrimitives.WriteUInt64LittleEndian(lrf.AsSpan(0x18), (ulong)lrf.Length + 100);
        Assert.Equal("a damaged LRF book: its object index lies outside the file", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("bad.lrf", lrf))).Message);
        Assert.Equal("an LRF book cut short: its header is incomplete", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("cut.lrf", lrf[..40]))).Message);
    }

    [Fact]
    public void AnEReaderBooksPmlTextAndMetadataAreRead()
    {
        string pml = "\\x\\c The Keeper\\c\\x\\p\\iThe lamp\\i was lit at dusk by the keeper\\a146s mate.\\v hidden note \\v\\m=\"lamp.png\"\nThe fog bell rang \\U00BDan hour, \\\\ twice.";
        byte[] book = EReader(10, LrfFile.Zlib(Encoding.GetEncoding(1252).GetBytes(pml)), "The Keeper's Log\0Ada Keeper\0\0Harbour Press\09780142437247\0");
        ExtractedBook read = _reader.Read(_folder.File("log.pdb", book));
        Assert.Equal(BookFormat.PalmDoc, read.Format);
        Assert.Equal(("The Keeper's Log", "Ada Keeper", "Harbour Press"), (read.Title, read.Author, read.Metadata.Publisher));
        Assert.Equal("9780142437247", read.Metadata.Isbn);
        Assert.Equal("The Keeper\nThe lamp was lit at dusk by the keeper\u2019s mate. The fog bell rang \u00BDan hour, \\ twice.", read.Text);
    }

    [Theory]
    [InlineData(260, 132, "DRM-protected: Bookline cannot read it")]
    [InlineData(272, 132, "DRM-protected: Bookline cannot read it")]
    [InlineData(2, 116, "an eReader book of the older Makebook layout (a first record of 116 bytes), which Bookline does not read")]
    [InlineData(7, 132, "an eReader book with an unknown text compression (7)")]
    public void AnEReaderBookThatCannotBeReadSaysWhy(int compression, int headerSize, string reason)
    {
        byte[] book = EReader(compression, [1, 2, 3], "T\0A\0", headerSize);
        Assert.Equal(reason, Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("locked.pdb", book))).Message);
    }

    [Fact]
    public void PmlCommandsAreStrippedAndCharacterCodesDecoded() =>
        Assert.Equal("a\u00E9b\u2014c \\ \n\nd", EReaderBook.StripMarkup("\\ba\\a233b\\U2014c\\B \\\\ \\Sp\\X2d\\-"));

    private static byte[] EReader(int compression, byte[] text, string metadata, int headerSize = 132)
    {
        var rec0 = new byte[headerSize];
        BinaryPrimitives.WriteUInt16BigEndian(rec0, (ushort)compression);
        if (headerSize == 132)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(12), 2); // non-text records start at 2
            BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(24), 1); // has metadata
            BinaryPrimitives.WriteUInt16BigEndian(rec0.AsSpan(44), 2); // in record 2
        }

        return KindleFile.Database("PNRdPPrs", [rec0, text, Encoding.GetEncoding(1252).GetBytes(metadata)], "keeper");
    }
}
