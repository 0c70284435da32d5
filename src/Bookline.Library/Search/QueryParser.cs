using System.Globalization;

namespace Bookline.Library.Search;

/// <summary>
/// Reads the query language into a <see cref="QueryNode"/> tree. It never fails: what is not an operator
/// where it stands is a word, an unbalanced quote or parenthesis closes at the end, and what has no word
/// in it is dropped.
/// </summary>
internal sealed class QueryParser
{
    /// <summary>The longest query read; the rest is cut with a note.</summary>
    public const int MaxLength = 1000;

    /// <summary>The most words and filters a query may have; the rest are dropped with a note.</summary>
    public const int MaxTerms = 32;

    /// <summary>How deep parentheses may nest; deeper ones are read as if they were not there.</summary>
    private const int MaxDepth = 16;

    private readonly List<Token> _tokens;
    private readonly List<string> _notes;
    private int _position;
    private int _terms;
    private int _depth;

    private QueryParser(List<Token> tokens, List<string> notes)
    {
        _tokens = tokens;
        _notes = notes;
    }

    private enum Kind
    {
        Term,
        Quoted,
        Open,
        Close,
        Or,
        And,
        Not,
        Minus,
        Field,
        Near,
    }

    /// <summary>Parses a query; the tree is null when nothing in it can be searched for.</summary>
    public static (QueryNode? Root, IReadOnlyList<string> Notes) Parse(string text)
    {
        var notes = new List<string>();
        text ??= string.Empty;
        if (text.Length > MaxLength)
        {
            notes.Add($"The query was cut to its first {MaxLength:N0} characters.");
            text = text[..MaxLength];
        }

        var parser = new QueryParser(Lex(text), notes);
        var parts = new List<QueryNode>();
        while (parser._position < parser._tokens.Count)
        {
            if (parser.Peek(Kind.Close))
            {
                parser._position++; // a parenthesis that closes nothing
                continue;
            }

            if (parser.ParseOr() is { } part)
            {
                parts.Add(part);
            }
        }

        if (parser._terms > MaxTerms)
        {
            notes.Add($"Only the first {MaxTerms} words and filters of the query were used.");
        }

        return (All(parts), notes);
    }

    private QueryNode? ParseOr()
    {
        var parts = new List<QueryNode>();
        if (ParseAnd() is { } first)
        {
            parts.Add(first);
        }

        while (Peek(Kind.Or))
        {
            _position++;
            if (ParseAnd() is { } next)
            {
                parts.Add(next);
            }
        }

        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => new AnyQuery([.. parts.SelectMany(p => p is AnyQuery any ? any.Parts : [p])]),
        };
    }

    private QueryNode? ParseAnd()
    {
        var parts = new List<QueryNode>();
        while (_position < _tokens.Count && !Peek(Kind.Close) && !Peek(Kind.Or))
        {
            if (Peek(Kind.And))
            {
                _position++;
                continue;
            }

            if (ParseUnary() is { } part)
            {
                parts.Add(part);
            }
        }

        return All(parts);
    }

    private QueryNode? ParseUnary()
    {
        if (Peek(Kind.Minus) || Peek(Kind.Not))
        {
            _position++;
            return ParseUnary() is { } part ? Negate(part) : null;
        }

        return ParsePrimary(SearchField.Any);
    }

    private QueryNode? ParsePrimary(SearchField field)
    {
        Token token = _tokens[_position++];
        switch (token.Kind)
        {
            case Kind.Open:
                return ParseGroup(field);
            case Kind.Field:
                return ParseField(token.Field);
            case Kind.Near:
                return Near(token, field);
            case Kind.Term or Kind.Quoted:
                return Text(token, field);
            case Kind.Minus or Kind.Not:
                _position--;
                return ParseUnary() is { } negated ? Reassign(negated, field) : null;
            default:
                return null; // Close and Or are handled by the callers; And is skipped
        }
    }

    private QueryNode? ParseGroup(SearchField field)
    {
        if (_depth >= MaxDepth)
        {
            return null; // the words inside are read as if this parenthesis were not there
        }

        _depth++;
        var parts = new List<QueryNode>();
        while (_position < _tokens.Count && !Peek(Kind.Close))
        {
            if (ParseOr() is { } part)
            {
                parts.Add(part);
            }
        }

        _depth--;
        if (Peek(Kind.Close))
        {
            _position++;
        }

        QueryNode? group = All(parts);
        return group is null ? null : Reassign(group, field);
    }

    private QueryNode? ParseField(SearchField field)
    {
        if (_position >= _tokens.Count || _tokens[_position].Kind is Kind.Close or Kind.Or or Kind.And)
        {
            return Text(new Token(Kind.Term, QueryFields.Name(field)), SearchField.Any); // "title:" with nothing after it is a word
        }

        if (QueryFields.IsText(field))
        {
            return ParsePrimary(field);
        }

        // A filter's value is compared as typed (a shelf "Sci-Fi"), not cut into words.
        Token next = _tokens[_position];
        if (next.Kind is Kind.Term or Kind.Quoted)
        {
            _position++;
            return Filter(field, next.Text);
        }

        return ParsePrimary(SearchField.Any) is { } value ? ToFilter(value, field) : null;
    }

    /// <summary>Makes the words of a value of a filter field into filters of that field.</summary>
    private QueryNode? ToFilter(QueryNode value, SearchField field)
    {
        switch (value)
        {
            case WordQuery word:
                return Filter(field, word.Word);
            case PhraseQuery phrase:
                return Filter(field, string.Join(field == SearchField.Year || field == SearchField.Isbn ? string.Empty : " ", phrase.Words));
            case AllQuery all:
                return All([.. all.Parts.Select(p => ToFilter(p, field)).OfType<QueryNode>()]);
            case AnyQuery any:
                QueryNode[] parts = [.. any.Parts.Select(p => ToFilter(p, field)).OfType<QueryNode>()];
                return parts.Length switch { 0 => null, 1 => parts[0], _ => new AnyQuery(parts) };
            case NotQuery not:
                return ToFilter(not.Part, field) is { } inner ? new NotQuery(inner) : null;
            default:
                return value;
        }
    }

    private QueryNode? Filter(SearchField field, string raw)
    {
        if (field == SearchField.Year)
        {
            return Year(raw);
        }

        string value = field == SearchField.Isbn ? new string([.. raw.Where(c => char.IsAsciiDigit(c) || c is 'x' or 'X')]).ToUpperInvariant() : raw.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        return Count() ? new FilterQuery(field, value) : null;
    }

    private QueryNode? Year(string raw)
    {
        string[] ends = raw.Split("..", 2);
        static int? Number(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year <= 9999 ? year : null;

        int? from = Number(ends[0]);
        int? to = ends.Length == 2 ? Number(ends[1]) : from;
        bool valid = ends.Length == 1
            ? from is not null
            : (from is not null || ends[0].Length == 0) && (to is not null || ends[1].Length == 0) && (from is not null || to is not null);
        if (!valid)
        {
            return Text(new Token(Kind.Term, "year " + raw), SearchField.Any);
        }

        if (from > to)
        {
            (from, to) = (to, from);
        }

        return Count() ? new YearQuery(from, to) : null;
    }

    private QueryNode? Near(Token token, SearchField field)
    {
        string[] words = [.. SearchText.Words(token.Text).Select(w => w.Folded)];
        int distance = token.Distance ?? NearQuery.DefaultDistance;
        if (words.Length < 2)
        {
            return words.Length == 1 && Count() ? new WordQuery(words[0], field) : null;
        }

        if (!Count())
        {
            return null;
        }

        return new NearQuery(words.Length > MaxTerms ? words[..MaxTerms] : words, Math.Clamp(distance, 0, NearQuery.MaxDistance), field);
    }

    private QueryNode? Text(Token token, SearchField field)
    {
        string[] words = [.. SearchText.Words(token.Text).Select(w => w.Folded)];
        if (words.Length == 0 || !Count())
        {
            return null;
        }

        if (words.Length == 1)
        {
            return new WordQuery(words[0], field, token.IsPrefix);
        }

        return new PhraseQuery(words.Length > MaxTerms ? words[..MaxTerms] : words, field, token.IsPrefix);
    }

    /// <summary>Counts a term; false once the query has as many as it may.</summary>
    private bool Count() => ++_terms <= MaxTerms;

    private bool Peek(Kind kind) => _position < _tokens.Count && _tokens[_position].Kind == kind;

    private static QueryNode Negate(QueryNode part) => part is NotQuery not ? not.Part : new NotQuery(part);

    private static QueryNode? All(List<QueryNode> parts) => parts.Count switch
    {
        0 => null,
        1 => parts[0],
        _ => new AllQuery([.. parts.SelectMany(p => p is AllQuery all ? all.Parts : [p])]),
    };

    /// <summary>Gives a field to the text parts that have none (<c>title:(whale OR ship)</c>).</summary>
    private static QueryNode Reassign(QueryNode node, SearchField field) => field == SearchField.Any ? node : node switch
    {
        WordQuery word when word.Field == SearchField.Any => word with { Field = field },
        PhraseQuery phrase when phrase.Field == SearchField.Any => phrase with { Field = field },
        NearQuery near when near.Field == SearchField.Any => near with { Field = field },
        AllQuery all => new AllQuery([.. all.Parts.Select(p => Reassign(p, field))]),
        AnyQuery any => new AnyQuery([.. any.Parts.Select(p => Reassign(p, field))]),
        NotQuery not => new NotQuery(Reassign(not.Part, field)),
        _ => node,
    };

    /// <summary>Cuts the text into tokens, then makes every operator that has nothing to operate on a word.</summary>
    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(Kind.Open, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(Kind.Close, ")"));
                i++;
            }
            else if (c == '"')
            {
                int end = text.IndexOf('"', i + 1);
                string inside = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                bool prefix = i < text.Length && text[i] == '*';
                while (i < text.Length && text[i] == '*')
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Quoted, inside) { IsPrefix = prefix });
            }
            else if (c == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != '-' && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] == '('))
            {
                tokens.Add(new Token(Kind.Minus, "-"));
                i++;
            }
            else
            {
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '"')
                {
                    i++;
                }

                string term = text[start..i];
                int colon = term.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && QueryFields.TryParse(term.AsSpan(0, colon), out SearchField field))
                {
                    tokens.Add(new Token(Kind.Field, term[..colon]) { Field = field });
                    i = start + colon + 1; // the value is read as the next token
                }
                else if (term == "NEAR" && i < text.Length && text[i] == '(')
                {
                    int end = text.IndexOf(')', i);
                    string inside = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                    i = end < 0 ? text.Length : end + 1;
                    int comma = inside.LastIndexOf(',');
                    int? distance = comma >= 0 && int.TryParse(inside.AsSpan(comma + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
                    tokens.Add(new Token(Kind.Near, distance is null ? inside : inside[..comma]) { Distance = distance });
                }
                else
                {
                    Kind kind = term switch { "OR" or "|" => Kind.Or, "AND" or "&" => Kind.And, "NOT" => Kind.Not, _ => Kind.Term };
                    bool prefix = kind == Kind.Term && term.EndsWith('*');
                    tokens.Add(new Token(kind, term.TrimEnd('*')) { IsPrefix = prefix });
                }
            }
        }

        // An operator is one only between (OR, AND) or before (NOT) things it can join; elsewhere it is a word.
        for (int t = 0; t < tokens.Count; t++)
        {
            Kind kind = tokens[t].Kind;
            bool before = t > 0 && tokens[t - 1].Kind is Kind.Term or Kind.Quoted or Kind.Close or Kind.Near;
            bool after = t + 1 < tokens.Count && tokens[t + 1].Kind is Kind.Term or Kind.Quoted or Kind.Open or Kind.Minus or Kind.Not or Kind.Field or Kind.Near;
            if ((kind is Kind.Or or Kind.And && !(before && after)) || (kind == Kind.Not && !after))
            {
                tokens[t] = new Token(Kind.Term, tokens[t].Text);
            }
        }

        return tokens;
    }

    private sealed record Token(Kind Kind, string Text)
    {
        public bool IsPrefix { get; init; }

        public SearchField Field { get; init; }

        public int? Distance { get; init; }
    }
}
