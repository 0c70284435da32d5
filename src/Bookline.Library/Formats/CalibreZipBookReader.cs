using System.IO.Compression;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads calibre's zipped books: TXTZ (index.txt) and HTMLZ (index.html, or the first HTML page),
/// each with its metadata.opf (calibre reads the first at the root, by name) and, for HTMLZ, a cover image.
/// </summary>
public sealed class CalibreZipBookReader : IBookReader
{
    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Entries, unpacked bytes, HTML nesting; null for <see cref="ReadLimits.Default"/>.</param>
    public CalibreZipBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.CalibreZip;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using BookZip zip = BookZip.Open(content, _limits, "TXTZ or HTMLZ book");
        ZipArchiveEntry[] root = [.. zip.Entries.Where(e => !e.FullName.Contains('/', StringComparison.Ordinal)).OrderBy(e => e.FullName, StringComparer.Ordinal)];
        ZipArchiveEntry? text = root.FirstOrDefault(e => e.FullName is "index.txt" or "index.text");
        ZipArchiveEntry? html = text is null
            ? root.FirstOrDefault(e => e.FullName is "index.html" or "index.xhtml" or "index.htm")
                ?? zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault(e => e.FullName.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".xhtml", StringComparison.OrdinalIgnoreCase))
            : null;
        if (text is null && html is null)
        {
            throw new BookReadException("a TXTZ or HTMLZ book without index.txt or an HTML page");
        }

        BookMetadata metadata = BookMetadata.Empty;
        string? cover = null;
        if (root.FirstOrDefault(e => e.FullName.EndsWith(".opf", StringComparison.OrdinalIgnoreCase)) is { } opf)
        {
            using var stream = new MemoryStream(zip.Bytes(opf));
            (metadata, string? coverHref) = PackageMetadata.Read(stream);
            cover = coverHref is not null && zip.Entry(coverHref) is not null ? coverHref : null;
        }

        cover ??= root.FirstOrDefault(e => e.FullName.StartsWith("cover.", StringComparison.OrdinalIgnoreCase))?.FullName;
        cancellationToken.ThrowIfCancellationRequested();
        string body;
        string? encoding = null;
        if (text is not null)
        {
            (string decoded, encoding) = TextBookReader.Decode(zip.Bytes(text));
            body = TextTools.Collapse(decoded);
        }
        else
        {
            (string decoded, _) = TextBookReader.Decode(zip.Bytes(html!));
            body = HtmlText.Extract(HtmlText.Parse(decoded, _limits.MaxHtmlNesting));
        }

        return ExtractedBook.FromMetadata(text is not null ? BookFormat.Txtz : BookFormat.Htmlz, metadata, TextTools.TitleFromFileName(path), null, body, encoding, []) with
        {
            Cover = cover,
        };
    }
}
