using System.Text.Json;
using Bookline.Library.Formats;

namespace Bookline.Library.Catalog;

/// <summary>
/// A book's metadata as both stores keep it: one JSON text column, so that a new part of the metadata
/// needs no new column, and the mapping is written once for both.
/// </summary>
internal static class MetadataJson
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The JSON to store: only the parts the metadata has.</summary>
    public static string? Write(BookMetadata metadata) =>
        JsonSerializer.Serialize(new Stored
        {
            Title = metadata.Title,
            Authors = metadata.Authors.Count == 0 ? null : [.. metadata.Authors],
            AuthorSort = metadata.AuthorSort,
            Series = metadata.Series,
            SeriesIndex = metadata.SeriesIndex,
            Identifiers = metadata.Identifiers.Count == 0 ? null : [.. metadata.Identifiers.Select(i => i.ToString())],
            Publisher = metadata.Publisher,
            Published = metadata.Published,
            Languages = metadata.Languages.Count == 0 ? null : [.. metadata.Languages],
            Tags = metadata.Tags.Count == 0 ? null : [.. metadata.Tags],
            Description = metadata.Description,
            Rating = metadata.Rating,
        }, Options);

    /// <summary>The metadata a stored JSON says; for a book written before metadata was kept, what its row says.</summary>
    public static BookMetadata Read(string? json, string title, string? author, string? language)
    {
        Stored? stored = json is null ? null : JsonSerializer.Deserialize<Stored>(json, Options);
        if (stored is null)
        {
            return new BookMetadata { Title = title, Authors = author is null ? [] : [author], Languages = language is null ? [] : [language] };
        }

        return new BookMetadata
        {
            Title = stored.Title ?? title,
            Authors = stored.Authors ?? (author is null ? [] : [author]),
            AuthorSort = stored.AuthorSort,
            Series = stored.Series,
            SeriesIndex = stored.SeriesIndex,
            Identifiers = [.. (stored.Identifiers ?? []).Select(i => i.Split(':', 2)).Where(p => p.Length == 2).Select(p => new BookIdentifier(p[0], p[1]))],
            Publisher = stored.Publisher,
            Published = stored.Published,
            Languages = stored.Languages ?? (language is null ? [] : [language]),
            Tags = stored.Tags ?? [],
            Description = stored.Description,
            Rating = stored.Rating,
        };
    }

    private sealed class Stored
    {
        public string? Title { get; set; }

        public List<string>? Authors { get; set; }

        public string? AuthorSort { get; set; }

        public string? Series { get; set; }

        public double? SeriesIndex { get; set; }

        public List<string>? Identifiers { get; set; }

        public string? Publisher { get; set; }

        public string? Published { get; set; }

        public List<string>? Languages { get; set; }

        public List<string>? Tags { get; set; }

        public string? Description { get; set; }

        public double? Rating { get; set; }
    }
}
