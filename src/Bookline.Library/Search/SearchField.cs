namespace Bookline.Library.Search;

/// <summary>Where a part of a query looks: the words of a book, one of its metadata fields, or a filter on its record.</summary>
public enum SearchField
{
    /// <summary>Anywhere: the text, the title, authors, series, tags and file names.</summary>
    Any,

    /// <summary>The title (<c>title:</c>).</summary>
    Title,

    /// <summary>The authors (<c>author:</c>).</summary>
    Author,

    /// <summary>The series (<c>series:</c>).</summary>
    Series,

    /// <summary>The tags (<c>tag:</c>).</summary>
    Tag,

    /// <summary>The names of the book's files (<c>filename:</c>).</summary>
    FileName,

    /// <summary>The shelf, exactly (<c>shelf:</c>).</summary>
    Shelf,

    /// <summary>A format the book has a file in (<c>format:</c>).</summary>
    Format,

    /// <summary>A language of the book, as a code (<c>lang:</c>): <c>en</c> also finds <c>en-GB</c>.</summary>
    Language,

    /// <summary>An ISBN of the book, hyphens ignored (<c>isbn:</c>).</summary>
    Isbn,

    /// <summary>The year of publication (<c>year:</c>).</summary>
    Year,
}
