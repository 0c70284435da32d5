using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Bookline.Library.Samples;

/// <summary>Builds small, valid EPUB and PDF files (for the sample library and the tests).</summary>
public static class SampleBooks
{
    /// <summary>An EPUB 3 with one XHTML document per chapter.</summary>
    /// <param name="title">dc:title.</param>
    /// <param name="author">dc:creator.</param>
    /// <param name="language">dc:language.</param>
    /// <param name="chapters">The chapters' text.</param>
    /// <param name="repeatSpine">List each document twice in the spine (as fragments), as some generators do.</param>
    /// <param name="withContainer">Write META-INF/container.xml (false makes a damaged book).</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Epub(string title, string author, string language, string[] chapters, bool repeatSpine = false, bool withContainer = true)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "mimetype", "application/epub+zip", CompressionLevel.NoCompression);
            if (withContainer)
            {
                Add(zip, "META-INF/container.xml", """
                    <?xml version="1.0"?>
                    <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                      <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                    </container>
                    """);
            }

            var manifest = new StringBuilder();
            var spine = new StringBuilder();
            for (int i = 0; i < chapters.Length; i++)
            {
                manifest.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<item id="c{i}" href="text/ch{i}.xhtml" media-type="application/xhtml+xml"/>""");
                spine.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<itemref idref="c{i}"/>""");
                if (repeatSpine)
                {
                    // Fragments of the same document, as some generators write them.
                    manifest.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<item id="c{i}b" href="text/ch{i}.xhtml#part2" media-type="application/xhtml+xml"/>""");
                    spine.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<itemref idref="c{i}b"/>""");
                }

                Add(zip, $"OEBPS/text/ch{i}.xhtml", $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter {i}</title><style>p {"{ color: red }"}</style></head>
                    <body><h1>Chapter {i}</h1><p>{chapters[i]}</p></body></html>
                    """);
            }

            Add(zip, "OEBPS/content.opf", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
                  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                    <dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><dc:language>{language}</dc:language><dc:identifier id="id">x</dc:identifier>
                  </metadata>
                  <manifest>{manifest}</manifest>
                  <spine>{spine}</spine>
                </package>
                """);
        }

        return memory.ToArray();
    }

    /// <summary>A PDF with one page per string (lines split on newlines), in Helvetica.</summary>
    /// <param name="title">The information dictionary's title.</param>
    /// <param name="author">The information dictionary's author.</param>
    /// <param name="pages">Each page's text.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Pdf(string? title, string? author, params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (string text in pages)
        {
            PdfPageBuilder page = builder.AddPage(PageSize.A4);
            double y = 760;
            foreach (string line in text.Split('\n'))
            {
                page.AddText(line, 11, new PdfPoint(40, y), font);
                y -= 16;
            }
        }

        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = author;
        return builder.Build();
    }

    private static void Add(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
