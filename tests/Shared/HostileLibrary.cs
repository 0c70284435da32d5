using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Bookline.Tests.Shared;

/// <summary>
/// A library of files made to hurt a scanner: devices, pipes, sockets, sparse giants, zip bombs,
/// entity bombs, pages nested a hundred thousand deep, links in loops and out of the library, names
/// that are not UTF-8, and a few good books among them. Each entry says what a scan must make of it.
/// </summary>
internal static class HostileLibrary
{
    public const string Shelf = "hostile";

    /// <summary>What a scan must make of an entry: a book, a failure or a skip, with a reason that names the cause.</summary>
    public sealed record Entry(string Path, string Outcome, string Reason);

    /// <summary>
    /// Writes the library and returns its entries. <paramref name="giant"/> is the size of the sparse and
    /// zip-bomb files; <paramref name="nearLimits"/> adds books just under the default read limits (a
    /// 30 MiB text, a 15 MiB one-line page, an EPUB whose chapter unpacks to 15 MiB), which must be read whole.
    /// </summary>
    public static IReadOnlyList<Entry> Write(string library, long giant = 2L << 30, bool nearLimits = false)
    {
        string shelf = System.IO.Path.Combine(library, Shelf);
        Directory.CreateDirectory(shelf);
        var entries = new List<Entry>();
        string At(string name) => System.IO.Path.Combine(shelf, name);
        void Expect(string name, string outcome, string reason) => entries.Add(new Entry($"{Shelf}/{name}", outcome, reason));

        File.WriteAllText(At("good.txt"), "Title: A Good Book\n\nThe lighthouse keeper kept a log of every ship.\n");
        Expect("good.txt", "book", "");
        File.WriteAllBytes(At("fine.epub"), Epub("A Good EPUB", "<html><body><p>The lighthouse stood on the rock.</p></body></html>"));
        Expect("fine.epub", "book", "");

        foreach (string name in new[] { "empty.txt", "empty.epub", "empty.pdf", "empty.html" })
        {
            File.WriteAllBytes(At(name), []);
            Expect(name, "failed", "empty file");
        }

        File.CreateSymbolicLink(At("endless.txt"), "/dev/zero");
        Expect("endless.txt", "failed", "a link to '/dev/zero', a character device, not a regular file");
        File.CreateSymbolicLink(At("nothing.pdf"), "/dev/null");
        Expect("nothing.pdf", "failed", "a character device");
        File.CreateSymbolicLink(At("random.epub"), "/dev/urandom");
        Expect("random.epub", "failed", "a character device");
        MakeNode(At("book.txt"), 0x1000); // S_IFIFO
        Expect("book.txt", "failed", "a named pipe (FIFO), not a regular file");
        MakeNode(At("socket.epub"), 0xC000); // S_IFSOCK: what a bound Unix socket leaves on disk

        Expect("socket.epub", "failed", "a socket, not a regular file");

        foreach (string name in new[] { "huge.txt", "huge.html", "huge.pdf" })
        {
            using var sparse = new FileStream(At(name), FileMode.Create);
            sparse.SetLength(giant); // holes: no disk used
        }

        Expect("huge.txt", "failed", "binary data, not text"); // only its first 32 MiB are read
        Expect("huge.html", "failed", "over the 16 MiB limit for HTML pages");
        Expect("huge.pdf", "failed", "named .pdf, but its content is not a PDF");

        using (var page = new StreamWriter(At("one-line.html")))
        {
            page.Write("<html><body><p>");
            for (long written = 0; written < 50_000_000; written += 12)
            {
                page.Write("lighthouse, ");
            }

            page.Write("</p></body></html>");
        }

        Expect("one-line.html", "failed", "over the 16 MiB limit for HTML pages");

        File.WriteAllBytes(At("bomb.epub"), ZipBomb(Math.Min(giant, 256L << 20)));
        Expect("bomb.epub", "failed", "the limit for one document (a zip bomb?)");
        File.WriteAllBytes(At("crowded.epub"), Crowded(20_000));
        Expect("crowded.epub", "failed", "entries, over the limit of 10000");
        File.WriteAllBytes(At("laughs.epub"), BillionLaughs());
        Expect("laughs.epub", "failed", "malformed XML in the EPUB");
        string deep = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 200_000)) + "lighthouse</body></html>";
        File.WriteAllText(At("nested.html"), deep);
        Expect("nested.html", "failed", "elements nested more than 256 deep");
        File.WriteAllBytes(At("nested.epub"), Epub("Nested", deep));
        Expect("nested.epub", "failed", "elements nested more than 256 deep");

        File.WriteAllBytes(At("binary.txt"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        Expect("binary.txt", "failed", "binary data, not text");
        File.WriteAllText(At("letter.pdf"), "Dear reader, this is a letter, not a PDF.");
        Expect("letter.pdf", "failed", "named .pdf, but its content is not a PDF");

        File.CreateSymbolicLink(At("dangling.epub"), "missing.epub");
        Expect("dangling.epub", "failed", "a link to 'missing.epub', which does not exist");
        File.CreateSymbolicLink(At("self.txt"), "self.txt");
        Expect("self.txt", "failed", "a link to 'self.txt' that leads back to itself");
        Directory.CreateSymbolicLink(At("loop"), ".");
        Expect("loop", "skipped", "a link to the folder '.' inside the library");
        Directory.CreateSymbolicLink(At("system"), "/");
        Expect("system", "skipped", "a link to the folder '/' outside the library: not followed");

        // The formats read since: a bomb in each zip-based one, a Kindle book that lies about its records, a DRM one, and more.
        File.WriteAllBytes(At("bomb.docx"), Bomb("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>", "[Content_Types].xml"));
        Expect("bomb.docx", "failed", "(a zip bomb?)");
        File.WriteAllBytes(At("bomb.fbz"), Bomb("bomb.fb2", "<FictionBook><body><p>"));
        Expect("bomb.fbz", "failed", "(a zip bomb?)");
        File.WriteAllBytes(At("bomb.odt"), Bomb("content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"><office:body><office:text>", "mimetype", "application/vnd.oasis.opendocument.text"));
        Expect("bomb.odt", "failed", "(a zip bomb?)");
        File.WriteAllBytes(At("bomb.txtz"), Bomb("index.txt", "The lighthouse "));
        Expect("bomb.txtz", "failed", "(a zip bomb?)");
        File.WriteAllBytes(At("bomb.htmlz"), Bomb("index.html", "<html><body><p>"));
        Expect("bomb.htmlz", "failed", "(a zip bomb?)");
        File.WriteAllBytes(At("bomb.cbz"), Bomb("ComicInfo.xml", "<ComicInfo><Summary>", "page1.png", "x"));
        Expect("bomb.cbz", "failed", "(a zip bomb?)");
        File.WriteAllBytes(At("bombs.zip"), Bomb("book.txt", "The lighthouse "));
        Expect("bombs.zip!/book.txt", "failed", "(a decompression bomb?)");
        File.WriteAllBytes(At("bomb.txt.gz"), GzipBomb());
        Expect("bomb.txt.gz", "failed", "(a decompression bomb?)");
        File.WriteAllBytes(At("deep.zip"), Nested(4));
        Expect("deep.zip", "failed", "past the limit of 3");
        File.WriteAllBytes(At("laughs.fb2"), Encoding.UTF8.GetBytes(LaughsDtd("FictionBook") + "<FictionBook><body><p>&lol9;</p></body></FictionBook>"));
        Expect("laughs.fb2", "failed", "lol9");
        File.WriteAllBytes(At("random.pdf"), [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 65536).Select(i => (byte)(i * 2654435761 >> 13))]);
        Expect("random.pdf", "failed", "not a readable PDF");
        File.WriteAllBytes(At("lying.mobi"), Palm("BOOKMOBI", lying: true));
        Expect("lying.mobi", "failed", "past the end of the file");
        File.WriteAllBytes(At("bought.azw"), Palm("BOOKMOBI", lying: false));
        Expect("bought.azw", "failed", "DRM-protected: Bookline cannot read it");
        File.WriteAllText(At("deep.rtf"), "{\\rtf1 " + new string('{', 5000) + "x" + new string('}', 5000) + "}");
        Expect("deep.rtf", "failed", "groups nested more than 1000 deep");

        string invalidName = "bad-\uFFFD-name.txt";
        CreateWithRawName(shelf, "bad-"u8.ToArray().Concat(new byte[] { 0xFF }).Concat("-name.txt"u8.ToArray()).ToArray());
        Expect(invalidName, "failed", "the file name is not valid UTF-8");

        string nested = shelf;
        for (int i = 0; i < 100; i++)
        {
            nested = System.IO.Path.Combine(nested, "d");
        }

        Directory.CreateDirectory(nested);
        File.WriteAllText(System.IO.Path.Combine(nested, "deep.txt"), "Title: Deep Down\n\nA lighthouse at the bottom of a hundred folders.\n");
        Expect(string.Join('/', Enumerable.Repeat("d", 100)) + "/deep.txt", "book", "");

        if (nearLimits)
        {
            File.WriteAllText(At("big.txt"), "Title: Big\n\n" + string.Concat(Enumerable.Repeat("the lighthouse keeper wrote another line. ", 30 * 1024 * 1024 / 42)));
            Expect("big.txt", "book", "");
            File.WriteAllText(At("long.txt"), "Title: Long\n\n" + string.Concat(Enumerable.Repeat("the lighthouse keeper wrote another line. ", 40 * 1024 * 1024 / 42)));
            Expect("long.txt", "book", ""); // its first 32 MiB, with a warning
            File.WriteAllText(At("big.html"), "<html><body><p>" + string.Concat(Enumerable.Repeat("lighthouse keeper, ", 15 * 1024 * 1024 / 19)) + "</p></body></html>");
            Expect("big.html", "book", "");
            File.WriteAllBytes(At("big.epub"), Epub("Big", "<html><body><p>" + string.Concat(Enumerable.Repeat("the lighthouse keeper wrote. ", 15 * 1024 * 1024 / 29)) + "</p></body></html>"));
            Expect("big.epub", "book", "");
        }

        File.WriteAllText(At("red-\u001b[31m-title.txt"), "Title: \u001b[31mRed\u001b[0m\n\n" + string.Concat(Enumerable.Repeat("A lighthouse painted red, and a keeper who painted it. ", 10)));
        Expect("red-\u001b[31m-title.txt", "book", "");
        return entries;
    }

    private static byte[] Epub(string title, string chapter) => Zip(zip =>
    {
        Add(zip, "mimetype", "application/epub+zip", CompressionLevel.NoCompression);
        Add(zip, "META-INF/container.xml", """<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>""");
        Add(zip, "content.opf", $"""<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>""");
        Add(zip, "c1.xhtml", chapter);
    });

    /// <summary>An EPUB whose one chapter unpacks to <paramref name="size"/> bytes of spaces (about a thousand to one).</summary>
    private static byte[] ZipBomb(long size)
    {
        byte[] epub = Epub("Bomb", "<html><body><p>x</p></body></html>");
        using var stream = new MemoryStream();
        stream.Write(epub);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("c1.xhtml")!.Delete();
            using Stream chapter = zip.CreateEntry("c1.xhtml", CompressionLevel.Optimal).Open();
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            chapter.Write("<html><body><p>"u8);
            for (long written = 0; written < size; written += spaces.Length)
            {
                chapter.Write(spaces);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A zip whose one document unpacks 20 MiB of spaces from a few KiB (after <paramref name="head"/>), with an optional first entry that names the format.</summary>
    private static byte[] Bomb(string document, string head, string? first = null, string firstContent = "<Types/>") => Zip(zip =>
    {
        if (first is not null)
        {
            Add(zip, first, firstContent, first == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
        }

        using Stream stream = zip.CreateEntry(document, CompressionLevel.Optimal).Open();
        stream.Write(Encoding.UTF8.GetBytes(head));
        var spaces = new byte[1 << 20];
        Array.Fill(spaces, (byte)' ');
        for (int i = 0; i < 20; i++)
        {
            stream.Write(spaces);
        }
    });

    /// <summary>A Kindle book of one text record: DRM-protected, or with a record list that points past the file's end.</summary>
    private static byte[] Palm(string identity, bool lying)
    {
        var rec0 = new byte[0xE8 + 16];
        rec0[1] = 2; // PalmDOC compression
        rec0[9] = 1; // one text record
        rec0[13] = lying ? (byte)0 : (byte)2; // encryption: Kindle DRM
        "MOBI"u8.CopyTo(rec0.AsSpan(16));
        rec0[23] = 0xE8; // header length
        byte[] text = "<p>words</p>"u8.ToArray();
        var file = new byte[78 + 16 + 2 + rec0.Length + text.Length];
        Encoding.ASCII.GetBytes(identity).CopyTo(file, 60);
        file[77] = 2; // two records
        int first = 78 + 16 + 2, second = lying ? 1 << 30 : first + rec0.Length;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(78), first);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(86), second);
        rec0.CopyTo(file, first);
        text.CopyTo(file, first + rec0.Length);
        return file;
    }

    private static byte[] Crowded(int entries) => Zip(zip =>
    {
        Add(zip, "mimetype", "application/epub+zip", CompressionLevel.NoCompression);
        for (int i = 0; i < entries; i++)
        {
            zip.CreateEntry($"e/{i}.xhtml");
        }
    });

    private static byte[] BillionLaughs() => Zip(zip =>
    {
        Add(zip, "mimetype", "application/epub+zip", CompressionLevel.NoCompression);
        Add(zip, "META-INF/container.xml", LaughsDtd("container") + "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile full-path=\"&lol9;\"/></rootfiles></container>");
    });

    /// <summary>The DTD of the billion laughs: ten entities, each ten of the one before.</summary>
    private static string LaughsDtd(string root)
    {
        var dtd = new StringBuilder($"<?xml version=\"1.0\"?><!DOCTYPE {root} [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++)
        {
            dtd.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        }

        return dtd.Append("]>").ToString();
    }

    /// <summary>20 MiB of spaces in a gzip stream of about 20 KiB.</summary>
    private static byte[] GzipBomb()
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (int i = 0; i < 20; i++)
            {
                gzip.Write(spaces);
            }
        }

        return memory.ToArray();
    }

    /// <summary>A zip holding a zip holding … a text book, <paramref name="depth"/> archives in all.</summary>
    private static byte[] Nested(int depth)
    {
        byte[] inner = Zip(zip => Add(zip, "book.txt", "The lighthouse at the bottom of the archives."));
        for (int i = 1; i < depth; i++)
        {
            byte[] content = inner;
            inner = Zip(zip =>
            {
                using Stream stream = zip.CreateEntry($"level{i}.zip").Open();
                stream.Write(content);
            });
        }

        return inner;
    }

    private static byte[] Zip(Action<ZipArchive> fill)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return stream.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, level).Open());
        writer.Write(content);
    }

    private static void MakeNode(string path, int type)
    {
        if (mknod(path, type | 0x1A4, 0) != 0)
        {
            throw new IOException($"mknod {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>A file whose name is bytes that are not UTF-8: .NET cannot name it, so libc makes it.</summary>
    private static void CreateWithRawName(string folder, byte[] name)
    {
        byte[] path = [.. Encoding.UTF8.GetBytes(folder + "/"), .. name, 0];
        int fd = open(path, 0x41 /* O_WRONLY | O_CREAT */, 0x1A4);
        if (fd < 0)
        {
            throw new IOException($"open failed: errno {Marshal.GetLastPInvokeError()}");
        }

        byte[] text = "Title: Unnamed\n\nA lighthouse.\n"u8.ToArray();
        _ = write(fd, text, text.Length);
        _ = close(fd);
    }

#pragma warning disable SYSLIB1054, CA2101, CA5392
    [DllImport("libc", SetLastError = true)]
    private static extern int mknod([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode, ulong device);

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc")]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc")]
    private static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA2101, CA5392
}
