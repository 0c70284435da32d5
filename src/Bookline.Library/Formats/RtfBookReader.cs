using System.Globalization;
using System.Text;

namespace Bookline.Library.Formats;

/// <summary>
/// Reads RTF documents: the text of every group that is shown (font tables, pictures, objects,
/// field instructions and other hidden destinations skipped, <c>\binN</c> data skipped by its
/// length), decoded by the document's code page or the current font's charset, with <c>\uN</c>
/// characters and their fallbacks handled as the specification says; the <c>\info</c> group gives
/// the metadata (title, author, subject, keywords and category as tags, manager as publisher).
/// </summary>
public sealed class RtfBookReader : IBookReader
{
    /// <summary>How deep groups may nest before the document is taken as hostile.</summary>
    private const int MaxNesting = 1000;

    /// <summary>Destinations whose contents are never shown text.</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "pict", "object", "themedata", "colorschememapping", "datastore", "latentstyles",
        "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "fldinst", "filetbl", "revtbl", "pgdsctbl", "mmathPr", "nonshppict",
    };

    /// <summary>The parts of <c>\info</c> kept as metadata.</summary>
    private static readonly HashSet<string> InfoFields = new(StringComparer.Ordinal) { "title", "author", "subject", "keywords", "category", "manager", "doccomm", "comment" };

    private readonly ReadLimits _limits;

    static RtfBookReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most text kept; null for <see cref="ReadLimits.Default"/>.</param>
    public RtfBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.Rtf;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var memory = new MemoryStream();
        content.CopyTo(memory);
        var parser = new Parser(memory.GetBuffer().AsSpan(0, (int)memory.Length).ToArray(), _limits.MaxUnpackedBytes, cancellationToken);
        parser.Run();

        Dictionary<string, string> info = parser.Info;
        string[] Split(string? value) => value is null ? [] : value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var metadata = new BookMetadata
        {
            Title = info.GetValueOrDefault("title"),
            Authors = info.TryGetValue("author", out string? author) ? [.. author.Split([";", " & "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [],
            Tags = [.. Split(info.GetValueOrDefault("keywords")).Concat(Split(info.GetValueOrDefault("category"))).Distinct(StringComparer.Ordinal)],
            Description = info.GetValueOrDefault("subject") ?? info.GetValueOrDefault("doccomm") ?? info.GetValueOrDefault("comment"),
            Publisher = info.GetValueOrDefault("manager"),
        };
        var warnings = parser.Truncated ? new List<string> { $"the text is longer than {ReadLimits.Size(_limits.MaxUnpackedBytes)} characters: the rest is left out" } : [];
        return ExtractedBook.FromMetadata(BookFormat.Rtf, metadata, TextTools.TitleFromFileName(path), null, TextTools.Collapse(parser.Text), parser.Encoding, warnings);
    }

    /// <summary>A byte state machine over the document with a stack of group states.</summary>
    private sealed class Parser(byte[] data, long maxText, CancellationToken cancellationToken)
    {
        private readonly StringBuilder _text = new();
        private readonly List<byte> _bytes = [];
        private readonly Stack<State> _groups = new();
        private readonly Dictionary<int, int> _fontCodePages = [];
        private State _state = new(false, 1, null, null);
        private int _documentCodePage = 1252;
        private int _position;
        private int _skipFallback;
        private int _definingFont = -1;

        public Dictionary<string, string> Info { get; } = new(StringComparer.Ordinal);

        public bool Truncated { get; private set; }

        public string Text => _text.ToString();

        public string Encoding => string.Create(CultureInfo.InvariantCulture, $"windows-{_documentCodePage} (\\ansicpg)");

        public void Run()
        {
            if (data.Length < 5 || !data.AsSpan(0, 5).SequenceEqual("{\\rtf"u8))
            {
                throw new BookReadException("not an RTF document: it does not start with {\\rtf");
            }

            while (_position < data.Length)
            {
                byte b = data[_position++];
                switch (b)
                {
                    case (byte)'{':
                        Flush();
                        if (_groups.Count >= MaxNesting)
                        {
                            throw new BookReadException(FormattableString.Invariant($"groups nested more than {MaxNesting} deep"));
                        }

                        _groups.Push(_state);
                        if ((_groups.Count & 0xFF) == 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                        }

                        break;
                    case (byte)'}':
                        Flush();
                        CloseGroup();
                        break;
                    case (byte)'\\':
                        ControlWord();
                        break;
                    case (byte)'\r' or (byte)'\n':
                        break; // line breaks in the file are not text
                    default:
                        if (_skipFallback > 0)
                        {
                            _skipFallback--;
                        }
                        else if (!_state.Hidden)
                        {
                            _bytes.Add(b);
                        }

                        break;
                }
            }

            Flush();
        }

        private void CloseGroup()
        {
            // The group that began an \info field ends it; its inner groups share its text.
            State parent = _groups.Count > 0 ? _groups.Peek() : default;
            if (_state.Field is { } field && parent.Field != field)
            {
                if (TextTools.Clean(_state.FieldText?.ToString()) is { } value)
                {
                    Info.TryAdd(field, value);
                }
            }

            _state = _groups.Count > 0 ? _groups.Pop() : _state;
            _skipFallback = 0;
        }

        private void ControlWord()
        {
            if (_position >= data.Length)
            {
                return;
            }

            byte first = data[_position];
            if (!char.IsAsciiLetter((char)first))
            {
                _position++;
                ControlSymbol((char)first);
                return;
            }

            int start = _position;
            while (_position < data.Length && char.IsAsciiLetter((char)data[_position]))
            {
                _position++;
            }

            string word = System.Text.Encoding.ASCII.GetString(data, start, _position - start);
            int? parameter = null;
            int numberStart = _position;
            if (_position < data.Length && (data[_position] == '-' || char.IsAsciiDigit((char)data[_position])))
            {
                _position++;
                while (_position < data.Length && char.IsAsciiDigit((char)data[_position]) && _position - numberStart < 11)
                {
                    _position++;
                }

                parameter = int.TryParse(data.AsSpan(numberStart, _position - numberStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) ? n : 0;
            }

            if (_position < data.Length && data[_position] == ' ')
            {
                _position++; // the delimiter belongs to the word
            }

            Word(word, parameter);
        }

        private void ControlSymbol(char symbol)
        {
            switch (symbol)
            {
                case '\'':
                    if (_position + 2 <= data.Length && byte.TryParse(data.AsSpan(_position, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
                    {
                        _position += 2;
                        if (_skipFallback > 0)
                        {
                            _skipFallback--;
                        }
                        else if (!_state.Hidden)
                        {
                            _bytes.Add(value);
                        }
                    }

                    break;
                case '*':
                    _state = _state with { Hidden = _state.Hidden || _state.Field is null };
                    break;
                case '\\' or '{' or '}':
                    Emit(symbol.ToString());
                    break;
                case '~':
                    Emit("\u00A0");
                    break;
                case '_':
                    Emit("\u2011");
                    break;
                case '\r' or '\n':
                    Emit("\n");
                    break;
            }
        }

        private void Word(string word, int? parameter)
        {
            if (_state.InFontTable)
            {
                if (word == "f" && parameter is int font)
                {
                    _definingFont = font;
                }
                else if (word == "fcharset" && parameter is int charset && _definingFont >= 0 && CodePageOf(charset) is int page)
                {
                    _fontCodePages[_definingFont] = page;
                }

                return;
            }

            switch (word)
            {
                case "bin":
                    // Raw bytes of the given length: never text, never control words.
                    _position = (int)Math.Min(data.Length, _position + (long)Math.Max(0, parameter ?? 0));
                    return;
                case "ansicpg" when parameter is int codePage and > 0:
                    _documentCodePage = codePage;
                    return;
                case "u" when parameter is int unit:
                    Flush();
                    Emit(((char)(unit < 0 ? unit + 65536 : unit)).ToString());
                    _skipFallback = _state.FallbackLength;
                    return;
                case "uc" when parameter is int length:
                    _state = _state with { FallbackLength = Math.Clamp(length, 0, 10) };
                    return;
                case "f" when parameter is int font:
                    Flush();
                    _state = _state with { CodePage = _fontCodePages.TryGetValue(font, out int page) ? page : null };
                    return;
                case "fonttbl":
                    _state = _state with { Hidden = true, InFontTable = true };
                    return;
                case "info":
                    _state = _state with { Hidden = true, InInfo = true };
                    return;
                case "par" or "line" or "sect" or "page" or "row" or "sbkpage":
                    Emit("\n");
                    return;
                case "cell" or "tab":
                    Emit("\t");
                    return;
                case "emdash":
                    Emit("\u2014");
                    return;
                case "endash":
                    Emit("\u2013");
                    return;
                case "lquote":
                    Emit("\u2018");
                    return;
                case "rquote":
                    Emit("\u2019");
                    return;
                case "ldblquote":
                    Emit("\u201C");
                    return;
                case "rdblquote":
                    Emit("\u201D");
                    return;
                case "bullet":
                    Emit("\u2022");
                    return;
            }

            if (_state.InInfo && InfoFields.Contains(word))
            {
                Flush();
                _state = _state with { Field = word, FieldText = new StringBuilder(), Hidden = false };
            }
            else if (Hidden.Contains(word))
            {
                _state = _state with { Hidden = true };
            }
        }

        private void Emit(string text)
        {
            Flush();
            if (_state.Hidden)
            {
                return;
            }

            if (_skipFallback > 0)
            {
                _skipFallback--;
                return;
            }

            Append(text);
        }

        /// <summary>Decodes the bytes gathered so far together, so that a double-byte character's two halves meet.</summary>
        private void Flush()
        {
            if (_bytes.Count == 0)
            {
                return;
            }

            int codePage = _state.CodePage ?? _documentCodePage;
            System.Text.Encoding encoding;
            try
            {
                encoding = System.Text.Encoding.GetEncoding(codePage);
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
            {
                encoding = System.Text.Encoding.GetEncoding(1252);
            }

            Append(encoding.GetString([.. _bytes]));
            _bytes.Clear();
        }

        private void Append(string text)
        {
            if (_state.FieldText is { } field)
            {
                field.Append(text);
            }
            else if (_text.Length < maxText)
            {
                _text.Append(text);
            }
            else
            {
                Truncated = true;
            }
        }

        /// <summary>A font's \fcharset as a Windows code page.</summary>
        private static int? CodePageOf(int charset) => charset switch
        {
            0 => 1252,
            77 => 10000,
            128 => 932,
            129 => 949,
            134 => 936,
            136 => 950,
            161 => 1253,
            162 => 1254,
            163 => 1258,
            177 => 1255,
            178 => 1256,
            186 => 1257,
            204 => 1251,
            222 => 874,
            238 => 1250,
            _ => null,
        };
    }

    private readonly record struct State(bool Hidden, int FallbackLength, int? CodePage, string? Field)
    {
        public bool InFontTable { get; init; }

        public bool InInfo { get; init; }

        public StringBuilder? FieldText { get; init; }
    }
}
