using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads DjVu documents through djvulibre's tools (Debian's <c>djvulibre-bin</c>): <c>djvutxt</c>
/// gives the text layer (each page ended by a form feed), <c>djvused</c> the page count and the
/// metadata (title, author …). A document without a text layer is cataloged by its metadata, with
/// a warning; without the tools the file fails with a reason that says what to install.
/// </summary>
public sealed partial class DjvuBookReader : IBookReader
{
    /// <summary>The reason a DjVu file fails when djvulibre's tools are not installed.</summary>
    public const string NotAvailable = "DjVu not available (install djvulibre-bin)";

    private readonly ReadLimits _limits;
    private readonly Lazy<bool> _available = new(() => ToolProcess.Runs("djvused", "--help") || ToolProcess.Runs("djvutxt", "--help"));

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most text kept; null for <see cref="ReadLimits.Default"/>.</param>
    public DjvuBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Djvu;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        CheckHeader(content);
        if (!File.Exists("/usr/bin/djvutxt") && !_available.Value)
        {
            throw new BookReadException(NotAvailable);
        }

        ToolProcess.Result text, meta;
        try
        {
            // Brief runs whose exit codes say whether the file is damaged: not through setsid (see ToolProcess.Run).
            text = ToolProcess.Run("djvutxt", [path], _limits.MaxUnpackedBytes, cancellationToken, ownSession: false);
            meta = ToolProcess.Run("djvused", [path, "-e", "n; print-meta"], 1 << 20, cancellationToken, ownSession: false);
        }
        catch (Win32Exception)
        {
            throw new BookReadException(NotAvailable);
        }

        // An error said with nothing read is a failure, whatever the exit code.
        if (text.ExitCode != 0 || (text.Output.Length == 0 && text.Error.Length > 0))
        {
            throw new BookReadException(text.Error.Length > 0 ? $"not a readable DjVu document: {text.Error}" : FormattableString.Invariant($"not a readable DjVu document (djvutxt exited with code {text.ExitCode})"));
        }

        var warnings = new List<string>();
        if (text.OutputCut)
        {
            warnings.Add($"the text is longer than {ReadLimits.Size(_limits.MaxUnpackedBytes)} characters: the rest is left out");
        }

        string[] lines = meta.ExitCode == 0 ? meta.Output.Split('\n', StringSplitOptions.TrimEntries) : [];
        int? pages = lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            Match field = MetaLine().Match(line);
            if (field.Success && TextTools.Clean(Regex.Unescape(field.Groups[2].Value)) is { } value)
            {
                fields.TryAdd(field.Groups[1].Value, value);
            }
        }

        string body = TextTools.Collapse(TextNormalizer.JoinHyphenatedLines(text.Output.Replace('\f', '\n')));
        if (body.Length == 0)
        {
            warnings.Add("no text layer: cataloged by its metadata alone");
        }

        var metadata = new BookMetadata
        {
            Title = fields.GetValueOrDefault("title"),
            Authors = fields.TryGetValue("author", out string? author) ? [author] : [],
            Publisher = fields.GetValueOrDefault("publisher"),
            Published = fields.TryGetValue("year", out string? year) ? year : null,
            Description = fields.GetValueOrDefault("note"),
        };
        return ExtractedBook.FromMetadata(BookFormat.Djvu, metadata, TextTools.TitleFromFileName(path), pages, body, null, warnings);
    }

    /// <summary>The file is a DjVu form (AT&amp;TFORM, a size, a kind) no longer than it is: a cut or damaged header fails here, before any tool runs.</summary>
    private static void CheckHeader(Stream content)
    {
        Span<byte> header = stackalloc byte[16];
        int read = content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (read < 16 || !header.StartsWith("AT&TFORM"u8))
        {
            throw new BookReadException("not a readable DjVu document: its header is cut short");
        }

        long declared = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        string kind = System.Text.Encoding.ASCII.GetString(header[12..16]);
        if (kind is not ("DJVU" or "DJVM" or "DJVI" or "THUM"))
        {
            throw new BookReadException($"not a readable DjVu document: a form of kind '{kind}'");
        }

        if (12 + declared > content.Length + 1)
        {
            throw new BookReadException(FormattableString.Invariant($"not a readable DjVu document: it says it holds {declared + 12} bytes, the file has {content.Length} (cut short?)"));
        }
    }

    /// <summary>A line of <c>print-meta</c>: a key, a tab, a quoted value.</summary>
    [GeneratedRegex("^(\\w+)\\s+\"(.*)\"$")]
    private static partial Regex MetaLine();
}
