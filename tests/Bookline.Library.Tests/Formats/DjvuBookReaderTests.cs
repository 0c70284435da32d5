using Bookline.Library.Formats;

namespace Bookline.Library.Tests.Formats;

/// <summary>DjVu documents made with djvulibre's own tools (cjb2, djvused, djvm), as scripts/test.sh installs them.</summary>
public sealed class DjvuBookReaderTests : IDisposable
{
    private static readonly bool Installed = File.Exists("/usr/bin/cjb2") && File.Exists("/usr/bin/djvused") && File.Exists("/usr/bin/djvutxt");

    private readonly TempFolder _folder = new();
    private readonly BookReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ADjvuDocumentsTextLayerPagesAndMetadataAreRead()
    {
        if (!Installed)
        {
            // Without djvulibre the reader must say what to install, never fail otherwise.
            byte[] header = [.. "AT&TFORM"u8, 0, 0, 0, 4, .. "DJVU"u8];
            Assert.Equal(DjvuBookReader.NotAvailable, Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("a.djvu", header))).Message);
            return;
        }

        string first = await PageAsync("p1", "Harbour");
        string second = await PageAsync("p2", "Lighthouse");
        string book = Path.Combine(_folder.Path, "book.djvu");
        await ToolRun.RunAsync(TimeSpan.FromSeconds(30), "djvm", "-c", book, first, second);
        string meta = _folder.File("meta.txt", "title \"Sea Charts\"\nauthor \"Mara Quill\"\n"u8.ToArray());
        await ToolRun.RunAsync(TimeSpan.FromSeconds(30), "djvused", book, "-e", $"set-meta {meta}", "-s");

        ExtractedBook read = _reader.Read(book);

        Assert.Equal(BookFormat.Djvu, read.Format);
        Assert.Equal(("Sea Charts", "Mara Quill", 2), (read.Title, read.Author, read.Pages));
        Assert.Contains("Harbour", read.Text, StringComparison.Ordinal);
        Assert.Contains("Lighthouse", read.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedDjvuFailsWithTheToolsReason()
    {
        byte[] torn = [.. "AT&TFORM"u8, 0, 0, 9, 9, .. "DJVM"u8, 1, 2, 3];
        var error = Assert.Throws<BookReadException>(() => _reader.Read(_folder.File("torn.djvu", torn)));
        Assert.True(error.Message.StartsWith("not a readable DjVu document", StringComparison.Ordinal) || error.Message == DjvuBookReader.NotAvailable, error.Message);
    }

    /// <summary>An 8×8 bitonal page with a text layer of one word.</summary>
    private async Task<string> PageAsync(string name, string word)
    {
        string pbm = _folder.File(name + ".pbm", "P1\n8 8\n" + string.Concat(Enumerable.Repeat("1 0 1 0 1 0 1 0\n", 8)) is var image ? System.Text.Encoding.ASCII.GetBytes(image) : []);
        string page = Path.Combine(_folder.Path, name + ".djvu");
        await ToolRun.RunAsync(TimeSpan.FromSeconds(30), "cjb2", pbm, page);
        string script = _folder.File(name + ".dsed", System.Text.Encoding.ASCII.GetBytes($"select 1\nset-txt\n(page 0 0 8 8 (word 0 0 8 8 \"{word}\"))\n.\nsave\n"));
        await ToolRun.RunAsync(TimeSpan.FromSeconds(30), "djvused", page, "-f", script);
        return page;
    }
}
