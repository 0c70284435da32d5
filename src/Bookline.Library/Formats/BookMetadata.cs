namespace Bookline.Library.Formats;

/// <summary>
/// What a book says about itself, beyond its text: from an EPUB's package document, a calibre
/// <c>metadata.opf</c> beside the book's files, or a format's own header. Every part is optional.
/// </summary>
public sealed record BookMetadata
{
    /// <summary>Nothing known.</summary>
    public static BookMetadata Empty { get; } = new();

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>The authors, in the order the book gives them.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>How the authors sort ("Austen, Jane"), as calibre's author sort gives it.</summary>
    public string? AuthorSort { get; init; }

    /// <summary>The series the book belongs to.</summary>
    public string? Series { get; init; }

    /// <summary>The book's place in <see cref="Series"/> (1, 2, 2.5 …).</summary>
    public double? SeriesIndex { get; init; }

    /// <summary>ISBN and other identifiers; never calibre's own id or uuid.</summary>
    public IReadOnlyList<BookIdentifier> Identifiers { get; init; } = [];

    /// <summary>The publisher.</summary>
    public string? Publisher { get; init; }

    /// <summary>The publication date as far as it is known: yyyy, yyyy-MM or yyyy-MM-dd.</summary>
    public string? Published { get; init; }

    /// <summary>Language codes, as given (en, eng, fr-CA).</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Subjects or tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The description (blurb), as plain text.</summary>
    public string? Description { get; init; }

    /// <summary>A rating from 0 to 5 stars, where the source has one (calibre's 0–10 halved).</summary>
    public double? Rating { get; init; }

    /// <summary>
    /// This metadata completed by <paramref name="fallback"/>: each part this one lacks is taken from it.
    /// A calibre <c>metadata.opf</c> thus wins over what a file says, part by part.
    /// </summary>
    /// <param name="fallback">What a less trusted source says.</param>
    /// <returns>The merged metadata.</returns>
    public BookMetadata Over(BookMetadata fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        bool ownSeries = Series is not null;
        return new BookMetadata
        {
            Title = Title ?? fallback.Title,
            Authors = Authors.Count > 0 ? Authors : fallback.Authors,
            AuthorSort = Authors.Count > 0 ? AuthorSort : fallback.AuthorSort,
            Series = ownSeries ? Series : fallback.Series,
            SeriesIndex = ownSeries ? SeriesIndex : fallback.SeriesIndex,
            Identifiers = Identifiers.Count > 0 ? Identifiers : fallback.Identifiers,
            Publisher = Publisher ?? fallback.Publisher,
            Published = Published ?? fallback.Published,
            Languages = Languages.Count > 0 ? Languages : fallback.Languages,
            Tags = Tags.Count > 0 ? Tags : fallback.Tags,
            Description = Description ?? fallback.Description,
            Rating = Rating ?? fallback.Rating,
        };
    }

    /// <summary>The ISBN among <see cref="Identifiers"/>, if any.</summary>
    public string? Isbn => Identifiers.FirstOrDefault(i => i.Scheme == "isbn").Value;
}
