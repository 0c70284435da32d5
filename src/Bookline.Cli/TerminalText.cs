using System.Buffers;
using Spectre.Console;

namespace Bookline.Cli;

/// <summary>
/// Text from a library (file names, titles, reasons) made safe to print on a terminal: control
/// characters become U+FFFD, so a file named with an escape sequence shows as a name and cannot
/// move the cursor, clear the screen or recolour what follows.
/// </summary>
internal static class TerminalText
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not '\n' and not '\t').Select(c => (char)c), '\u007F', .. Enumerable.Range(0x80, 0x20).Select(c => (char)c)]);

    /// <summary>The text with every control character but line feed and tab replaced.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(Controls) < 0)
        {
            return text ?? string.Empty;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = Controls.Contains(source[i]) ? '\uFFFD' : source[i];
            }
        });
    }

    /// <summary><see cref="Clean"/>, then escaped for Spectre's markup.</summary>
    public static string Escape(string? text) => Markup.Escape(Clean(text));
}
