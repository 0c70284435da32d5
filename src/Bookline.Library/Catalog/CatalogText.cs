using System.Buffers;

namespace Bookline.Library.Catalog;

/// <summary>
/// Control characters out of every text a store keeps: no reader means them, PostgreSQL refuses
/// NUL, and catalogs written before snippets were Bookline's own used two of them to mark matched
/// words in their stores' snippets.
/// </summary>
internal static class CatalogText
{
    /// <summary>Control characters that are not whitespace: never text a reader means.</summary>
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>The text with every control character but tab, line feed, form feed and carriage return made a space (NUL is dropped).</summary>
    public static string CleanText(string text)
    {
        int first = text.AsSpan().IndexOfAny(Controls);
        if (first < 0)
        {
            return text; // the common case: no copy
        }

        return string.Create(text.Length - text.AsSpan(first).Count('\0'), (text, first), static (span, state) =>
        {
            (string source, int first) = state;
            source.AsSpan(0, first).CopyTo(span);
            int written = first;
            foreach (char c in source.AsSpan(first))
            {
                if (c == '\0')
                {
                    continue;
                }

                span[written++] = Controls.Contains(c) ? ' ' : c;
            }
        });
    }

    /// <summary>Null stays null; otherwise <see cref="CleanText"/>.</summary>
    public static string? CleanOrNull(string? text) => text is null ? null : CleanText(text);
}
