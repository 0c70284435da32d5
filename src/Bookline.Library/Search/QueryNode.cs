namespace Bookline.Library.Search;

/// <summary>A part of a parsed query; <see cref="ToString"/> writes it back in the query language (words are folded, so an operator, always upper case, is never mistaken for one).</summary>
public abstract record QueryNode
{
    /// <summary>The field's name in the query language, with its colon; empty for <see cref="SearchField.Any"/>.</summary>
    /// <param name="field">The field.</param>
    /// <returns>For example <c>title:</c>.</returns>
    protected static string Prefix(SearchField field) => field == SearchField.Any ? string.Empty : QueryFields.Name(field) + ":";
}
