using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads Markdown: the text a reader sees (markup, link targets and HTML tags stripped, by
/// Markdig), the title, authors, language, date, description and tags of a YAML front matter, else
/// the title of the first heading. Decoded as plain text is (<see cref="TextBookReader"/>).
/// </summary>
public sealed class MarkdownBookReader : IBookReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().UseEmphasisExtras().Build();

    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most a file may cost; null for <see cref="ReadLimits.Default"/>.</param>
    public MarkdownBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Markdown;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        (string source, string encoding) = TextBookReader.Decode(BookFile.ReadAllBytes(content, _limits.MaxTextBytes, BookReader.FormatName(BookFormat.Markdown)));
        (Dictionary<string, List<string>> front, string body) = FrontMatter(source);
        MarkdownDocument document = Markdown.Parse(body, Pipeline);
        string? heading = document.Descendants<HeadingBlock>().Select(h => TextTools.Clean(InlineText(h.Inline))).FirstOrDefault(t => t is not null);
        string text = Markdown.ToPlainText(body, Pipeline);

        string? One(params string[] keys) => keys.Select(k => front.GetValueOrDefault(k)?.FirstOrDefault()).FirstOrDefault(v => v is not null);
        IReadOnlyList<string> All(params string[] keys) => [.. keys.SelectMany(k => front.GetValueOrDefault(k) ?? []).Distinct(StringComparer.Ordinal)];
        var metadata = new BookMetadata
        {
            Title = One("title") ?? heading,
            Authors = All("author", "authors", "creator"),
            Languages = All("lang", "language"),
            Published = One("date", "published"),
            Description = One("description", "summary", "abstract"),
            Tags = All("tags", "keywords", "categories"),
            Publisher = One("publisher"),
            Series = One("series"),
        };
        return ExtractedBook.FromMetadata(BookFormat.Markdown, metadata, TextTools.TitleFromFileName(path), null, TextTools.Collapse(text), encoding, []);
    }

    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }

        var text = new System.Text.StringBuilder();
        foreach (Inline child in inline.Descendants<Inline>())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The keys and values of a YAML front matter (<c>key: value</c>, <c>key: [a, b]</c>, or a
    /// <c>- item</c> list under the key; quotes removed) and the Markdown after it. Only that flat
    /// subset is read: front matter is a few lines of metadata, not a document.
    /// </summary>
    internal static (Dictionary<string, List<string>> Values, string Body) FrontMatter(string source)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string start = source.TrimStart('\uFEFF');
        if (!start.StartsWith("---", StringComparison.Ordinal) || start.Length < 4 || start[3] is not ('\n' or '\r'))
        {
            return (values, source);
        }

        string[] lines = start.Split('\n');
        string? key = null;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.TrimEnd() is "---" or "...")
            {
                return (values, string.Join('\n', lines.Skip(i + 1)));
            }

            string trimmed = line.Trim();
            if (trimmed.StartsWith("- ", StringComparison.Ordinal) && key is not null)
            {
                Add(values, key, trimmed[2..]);
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue; // nested YAML: not metadata Bookline reads
            }

            key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (value.StartsWith('[') && value.EndsWith(']'))
            {
                foreach (string item in value[1..^1].Split(','))
                {
                    Add(values, key, item);
                }
            }
            else
            {
                Add(values, key, value);
            }
        }

        return (new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase), source); // never closed: not front matter
    }

    private static void Add(Dictionary<string, List<string>> values, string key, string value)
    {
        string cleaned = value.Trim().Trim('"', '\'').Trim();
        if (TextTools.Clean(cleaned) is { } item && item is not ("|" or ">"))
        {
            if (!values.TryGetValue(key, out List<string>? list))
            {
                values[key] = list = [];
            }

            list.Add(item);
        }
    }
}
