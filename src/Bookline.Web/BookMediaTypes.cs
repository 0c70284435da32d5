namespace Bookline.Web;

/// <summary>The media type each book file is served with, by its extension, as e-reader apps expect them.</summary>
public static class BookMediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".epub"] = "application/epub+zip",
        [".kepub"] = "application/epub+zip",
        [".mobi"] = "application/x-mobipocket-ebook",
        [".prc"] = "application/x-mobipocket-ebook",
        [".azw"] = "application/x-mobipocket-ebook",
        [".azw3"] = "application/vnd.amazon.mobi8-ebook",
        [".kf8"] = "application/vnd.amazon.mobi8-ebook",
        [".pdb"] = "application/vnd.palm",
        [".fb2"] = "application/x-fictionbook+xml",
        [".fbz"] = "application/x-zip-compressed-fb2",
        [".lrf"] = "application/x-sony-bbeb",
        [".rtf"] = "application/rtf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".xhtml"] = "application/xhtml+xml",
        [".htmlz"] = "application/html+zip",
        [".txtz"] = "application/txt+zip",
        [".cbz"] = "application/vnd.comicbook+zip",
        [".cbr"] = "application/vnd.comicbook-rar",
        [".cb7"] = "application/x-cb7",
        [".cbt"] = "application/x-cbt",
        [".djvu"] = "image/vnd.djvu",
        [".djv"] = "image/vnd.djvu",
        [".pdf"] = "application/pdf",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".zip"] = "application/zip",
    };

    /// <summary>The media type of a book file, by its name's extension (".fb2.zip" included); application/octet-stream when unknown.</summary>
    /// <param name="fileName">The file's name or path.</param>
    /// <returns>The media type, with a charset for text.</returns>
    public static string Of(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName.EndsWith(".fb2.zip", StringComparison.OrdinalIgnoreCase))
        {
            return "application/x-zip-compressed-fb2";
        }

        return ByExtension.TryGetValue(Path.GetExtension(fileName), out string? type) ? type : "application/octet-stream";
    }
}
