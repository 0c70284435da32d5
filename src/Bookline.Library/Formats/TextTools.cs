using System.Text;

namespace Bookline.Library.Formats;

/// <summary>Small text helpers shared by the readers.</summary>
internal static class TextTools
{
    /// <summary>Collapses runs of whitespace to one space (or one newline where a paragraph ends).</summary>
    public static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        int newlines = 0;
        bool space = false;
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

            if (result.Length > 0)
            {
                if (newlines >= 2)
                {
                    result.Append('\n');
                }
                else if (space || newlines == 1)
                {
                    result.Append(' ');
                }
            }

            newlines = 0;
            space = false;
            result.Append(c);
        }

        return result.ToString();
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
