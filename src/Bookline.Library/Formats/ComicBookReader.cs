using System.Globalization;
using System.Xml;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads comic book archives (.cbz, .cbr, .cb7: a zip, RAR or 7z of page images): the pages are the
/// images in natural order (page2 before page10), the cover is the first; ComicInfo.xml, where there
/// is one, gives the title, series and number, writers as authors, publisher, genres as tags,
/// summary, year and language. A comic is cataloged by its metadata; its pages are read by OCR only
/// when the reader is made with an OCR engine (<c>--ocr-comics</c>).
/// </summary>
public sealed class ComicBookReader : IBookReader
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".avif", ".jxl"];

    private readonly ReadLimits _limits;

    private readonly TesseractOcr? _ocr;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Entries and unpacked bytes; null for <see cref="ReadLimits.Default"/>.</param>
    /// <param name="ocr">The OCR engine that reads the pages' text; null to catalog comics by their metadata alone.</param>
    public ComicBookReader(ReadLimits? limits = null, TesseractOcr? ocr = null)
    {
        _limits = limits ?? ReadLimits.Default;
        _ocr = ocr;
    }

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Comic;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using BookArchive archive = BookArchive.Open(content, _limits, "comic book archive");
        List<string> pages = [.. archive.Names.Where(IsPage).Order(NaturalOrder.Instance)];
        if (pages.Count == 0)
        {
            throw new BookReadException("a comic book archive without page images");
        }

        BookMetadata metadata = BookMetadata.Empty;
        var warnings = new List<string>();
        if (archive.Names.FirstOrDefault(n => n.Equals("ComicInfo.xml", StringComparison.OrdinalIgnoreCase)) is { } info)
        {
            try
            {
                metadata = ReadComicInfo(archive, info);
            }
            catch (XmlException exception)
            {
                warnings.Add($"ComicInfo.xml cannot be read: {exception.Message}");
            }
        }

        string text = metadata.Description ?? string.Empty;
        if (_ocr is not null)
        {
            text = string.Join("\n\n", [text, Recognize(archive, pages, _ocr, cancellationToken)]);
            warnings.Add("text recognized by OCR from the pages");
        }

        return ExtractedBook.FromMetadata(BookFormat.Comic, metadata, TextTools.TitleFromFileName(path), pages.Count, TextTools.Collapse(text), null, warnings) with
        {
            Cover = pages[0],
        };
    }

    /// <summary>Each page through OCR, in order, each unpacked to a file of its own for the engine.</summary>
    private string Recognize(BookArchive archive, List<string> pages, TesseractOcr ocr, CancellationToken cancellationToken)
    {
        if (!ocr.IsAvailable)
        {
            throw new BookReadException($"comic pages to read by OCR; {TesseractOcr.NotAvailable}");
        }

        var text = new System.Text.StringBuilder();
        foreach (string page in pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using UnpackedFile image = archive.Unpack(page, _limits.MaxImageBytes, cancellationToken);
            text.Append(TextNormalizer.JoinHyphenatedLines(ocr.Recognize(image.Path, cancellationToken))).Append("\n\n");
        }

        return text.ToString();
    }

    private static bool IsPage(string name)
    {
        string file = Path.GetFileName(name);
        return !name.StartsWith("__MACOSX/", StringComparison.Ordinal) && !file.StartsWith('.') && ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant());
    }

    private static BookMetadata ReadComicInfo(BookArchive archive, string entry)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using XmlReader xml = archive.Xml(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.Depth == 1 && !xml.IsEmptyElement)
            {
                BookZip.CheckDepth(xml);
                string name = xml.LocalName;
                if (BookZip.TextOf(xml) is { } value)
                {
                    values.TryAdd(name, value);
                }
            }
        }

        static string[] List(string? value) => value is null ? [] : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string? year = values.GetValueOrDefault("Year") is { } y && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0 ? y : null;
        string? month = year is not null && int.TryParse(values.GetValueOrDefault("Month"), NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m is >= 1 and <= 12 ? m.ToString("00", CultureInfo.InvariantCulture) : null;
        string? series = values.GetValueOrDefault("Series");
        return new BookMetadata
        {
            Title = values.GetValueOrDefault("Title") ?? (series is not null && values.GetValueOrDefault("Number") is { } issue ? $"{series} #{issue}" : null),
            Authors = [.. List(values.GetValueOrDefault("Writer")).Distinct(StringComparer.Ordinal)],
            Series = series,
            SeriesIndex = double.TryParse(values.GetValueOrDefault("Number"), NumberStyles.Float, CultureInfo.InvariantCulture, out double index) ? index : null,
            Publisher = values.GetValueOrDefault("Publisher"),
            Tags = [.. List(values.GetValueOrDefault("Genre")).Concat(List(values.GetValueOrDefault("Tags"))).Distinct(StringComparer.Ordinal)],
            Description = values.GetValueOrDefault("Summary"),
            Languages = values.TryGetValue("LanguageISO", out string? language) ? [language] : [],
            Published = month is null ? year : $"{year}-{month}",
        };
    }

    /// <summary>Names in the order a reader pages through them: runs of digits compared as numbers, case ignored.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return string.CompareOrdinal(x, y);
            }

            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    int startX = i, startY = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i]))
                    {
                        i++;
                    }

                    while (j < y.Length && char.IsAsciiDigit(y[j]))
                    {
                        j++;
                    }

                    ReadOnlySpan<char> a = x.AsSpan(startX, i - startX).TrimStart('0'), b = y.AsSpan(startY, j - startY).TrimStart('0');
                    int byLength = a.Length.CompareTo(b.Length);
                    int byDigits = byLength != 0 ? byLength : a.CompareTo(b, StringComparison.Ordinal);
                    if (byDigits != 0)
                    {
                        return byDigits;
                    }

                    continue;
                }

                int byChar = char.ToLowerInvariant(x[i]).CompareTo(char.ToLowerInvariant(y[j]));
                if (byChar != 0)
                {
                    return byChar;
                }

                i++;
                j++;
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }
    }
}
