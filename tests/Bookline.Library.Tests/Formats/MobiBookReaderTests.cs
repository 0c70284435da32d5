using Bookline.Library.Formats;
using static Bookline.Library.Tests.Formats.KindleFile;

namespace Bookline.Library.Tests.Formats;

public sealed class MobiBookReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AMobiBooksTextMetadataAndCoverAreRead()
    {
        // ASCII without bytes 01-08 is PalmDOC as it is; "abc" 80 18 copies the three bytes three back ("abcabc");
        // E1 is a space and 'a'. Each record ends in trailing entries (flags 3: one entry of size 1, one multibyte byte).
        byte[] first = [.. Utf8("<html><body><p>Call me Ishmael. abc"), 0x80, 0x18, .. Utf8(" narwhal"), 0xE1, .. Utf8("nd whale</p>"), 0x00, 0x81];
        byte[] second = [.. Utf8("<mbp:pagebreak/><p>Chapter two: the harpooner.</p></body></html>"), 0x00, 0x81];
        byte[] file = Mobi([first, second], extraFlags: 3, exth:
        [
            (100, Utf8("Herman Melville")),
            (100, Utf8("Ishmael Scribe")),
            (503, Utf8("Moby-Dick; or, The Whale")),
            (524, Utf8("en")),
            (104, Utf8("978-0-14-243724-7")),
            (105, Utf8("Sea stories; Classics")),
            (101, Utf8("Harper & Brothers")),
            (106, Utf8("1851-10-18T00:00:00+00:00")),
            (113, Utf8("c71a12d4-8666-48ac-abc8-837d008a23c8")), // calibre's uuid, not an ASIN
            (201, U32(0)),
        ], cover: [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);

        ExtractedBook book = _reader.Read(_folder.File("whale.mobi", file));

        Assert.Equal(BookFormat.Mobi, book.Format);
        Assert.Equal("Call me Ishmael. abcabc narwhal and whale Chapter two: the harpooner.", book.Text.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal));
        Assert.Equal("Moby-Dick; or, The Whale", book.Title);
        Assert.Equal(["Herman Melville", "Ishmael Scribe"], book.Metadata.Authors);
        Assert.Equal(("Herman Melville", "en"), (book.Author, book.Language));
        Assert.Equal("9780142437247", book.Metadata.Isbn);
        Assert.Single(book.Metadata.Identifiers);
        Assert.Equal(["Sea stories", "Classics"], book.Metadata.Tags);
        Assert.Equal(("Harper & Brothers", "1851-10-18"), (book.Metadata.Publisher, book.Metadata.Published));
        Assert.Equal("record3.jpg", book.Cover);
    }

    [Fact]
    public void WithoutExthTheHeadersFullNameIsTheTitle()
    {
        ExtractedBook book = _reader.Read(_folder.File("plain.prc", Mobi([Utf8("<p>Plain words.</p>")], compression: 1, fullName: "A Plain Book")));
        Assert.Equal(("A Plain Book", "Plain words."), (book.Title, book.Text));
        Assert.Equal("en", book.Language); // from the header's locale
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ADrmProtectedBookFailsAsOneNeverAsGarbage(int encryption)
    {
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("bought.azw", Mobi([Utf8("\x93\x11garbled")], encryption: encryption))));
        Assert.Equal("DRM-protected: Bookline cannot read it", error.Message);
    }

    [Fact]
    public void HuffCdicCompressionIsNamedAsTheReason()
    {
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("huff.mobi", Mobi([Utf8("x")], compression: 0x4448))));
        Assert.Contains("HUFF/CDIC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedFilesFailWithAReason()
    {
        byte[] backwards = Mobi([[0x80, 0x18]]); // a copy from three bytes back, at the record's start
        Assert.Contains("damaged PalmDOC compression", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("back.mobi", backwards))).Message, StringComparison.Ordinal);

        byte[] cut = Mobi([Utf8("<p>text</p>")]);
        Array.Resize(ref cut, 110); // the record list fits, but points past the end
        Assert.Contains("past the end of the file", Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("cut.mobi", cut))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APalmDocBookIsReadAndOtherPalmBooksAreSkippedByName()
    {
        ExtractedBook book = _reader.Read(_folder.File("memo.pdb", PalmDoc("Harbour Memo", "The tide comes in ", "at noon.")));
        Assert.Equal((BookFormat.PalmDoc, "Harbour Memo", "The tide comes in at noon."), (book.Format, book.Title, book.Text));

        var skipped = Assert.Throws<NotSupportedException>(() => _reader.Read(_folder.File("plucker.pdb", Database("DataPlkr", [new byte[132]]))));
        Assert.Equal("a Plucker book (a Palm database of type DataPlkr): not a format Bookline reads yet", skipped.Message);
    }

    [Fact]
    public void HuffCdicTextIsUnpackedWithPhrasesThatExpandIntoPhrases()
    {
        // Phrase 3 is coded itself: it expands to phrases 1 and 2.
        byte[][] huff = HuffCdic(("The lamp ", true), ("was lit ", true), ("at dusk.", true), (Latin1(Code(1), Code(2)), false));
        ExtractedBook book = _reader.Read(_folder.File("huff.mobi", Mobi([[Code(0), Code(3)], [Code(3)]], compression: 0x4448, huffRecords: huff)));
        Assert.Equal("The lamp was lit at dusk.was lit at dusk.", book.Text);
    }

    [Theory]
    [InlineData(0, "a HUFF/CDIC book whose phrase refers to itself")]
    [InlineData(200, "a HUFF/CDIC book whose text refers to a phrase its dictionary does not have")]
    public void HuffCdicTextThatLoopsOrPointsOutsideItsDictionaryFails(int phrase, string reason)
    {
        byte[][] huff = HuffCdic((Latin1(Code(0)), false), ("x", true));
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("loop.mobi", Mobi([[Code(phrase)]], compression: 0x4448, huffRecords: huff))));
        Assert.Equal(reason, error.Message);
    }

    /// <summary>The code of a phrase when every code is 8 bits long and the largest is 255: phrase i is the byte 255 − i.</summary>
    private static byte Code(int phrase) => (byte)(255 - phrase);

    private static string Latin1(params byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    /// <summary>A HUFF record whose codes are all 8 bits (final, largest code 255) and one CDIC record of these phrases.</summary>
    private static byte[][] HuffCdic(params (string Phrase, bool Literal)[] phrases)
    {
        var huff = new byte[24 + (256 * 4) + (64 * 4)];
        "HUFF"u8.CopyTo(huff);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huff.AsSpan(4), 24);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huff.AsSpan(8), 24);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huff.AsSpan(12), 24 + (256 * 4));
        for (int i = 0; i < 256; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huff.AsSpan(24 + (i * 4)), (255u << 8) | 0x80 | 8);
        }

        var entries = new List<byte>();
        var offsets = new List<byte>();
        int start = phrases.Length * 2;
        foreach (var (phrase, literal) in phrases)
        {
            byte[] bytes = System.Text.Encoding.Latin1.GetBytes(phrase);
            offsets.AddRange([(byte)((start + entries.Count) >> 8), (byte)(start + entries.Count)]);
            int header = bytes.Length | (literal ? 0x8000 : 0);
            entries.AddRange([(byte)(header >> 8), (byte)header, .. bytes]);
        }

        byte[] cdic = [.. "CDIC"u8, 0, 0, 0, 0x10, 0, 0, 0, (byte)phrases.Length, 0, 0, 0, 8, .. offsets, .. entries];
        return [huff, cdic];
    }
}
