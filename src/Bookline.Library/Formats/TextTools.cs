using System.Text;

namespace Bookline.Library.Formats;

/// <summary>Small text helpers shared by the readers.</summary>
internal static class TextTools
{
    /// <summary>Collapses runs of whitespace to one space (or one newline where a paragraph ends).</summary>
    /// <remarks>Two passes, the first only counting, so that a book of many megabytes is copied once, not twice.</remarks>
    public static string Collapse(string text)
    {
        int length = Collapse(text, default);
        return string.Create(length, text, static (span, source) => Collapse(source, span));
    }

    /// <summary>Writes the collapsed text into <paramref name="output"/> (nothing when it is empty) and returns its length.</summary>
    private static int Collapse(ReadOnlySpan<char> text, Span<char> output)
    {
        int length = 0;
        int newlines = 0;
        bool space = false;
        bool write = !output.IsEmpty;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                newlines++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (length > 0 && (newlines > 0 || space))
            {
                if (write)
                {
                    output[length] = newlines >= 2 ? '\n' : ' ';
                }

                length++;
            }

            newlines = 0;
            space = false;
            if (write)
            {
                output[length] = c;
            }

            length++;
        }

        return length;
    }

    /// <summary>A title made from a file name: "moby-dick_1851.txt" becomes "moby dick 1851".</summary>
    public static string TitleFromFileName(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        if (string.Equals(name, "index", StringComparison.OrdinalIgnoreCase))
        {
            name = Path.GetFileName(Path.GetDirectoryName(path)) ?? name;
        }

        return name.Replace('_', ' ').Replace('-', ' ').Trim();
    }

    /// <summary>Null for empty or whitespace, else the trimmed, collapsed value.</summary>
    public static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : Collapse(value).Trim();
}
