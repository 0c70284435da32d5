namespace Bookline.Library.Catalog;

/// <summary>What the catalog knows of a file of a present book, for a rescan to skip it when it is unchanged.</summary>
/// <param name="BookKey">The key of the book it belongs to (<see cref="CatalogBook.BookKey"/>).</param>
/// <param name="Bytes">Its size when it was read.</param>
/// <param name="ModifiedUtc">Its last write time when it was read.</param>
/// <param name="Sha256">Its SHA-256 when it was read.</param>
public sealed record KnownFile(string BookKey, long Bytes, DateTimeOffset ModifiedUtc, string Sha256)
{
    /// <summary>When the catalog last wrote the book (by the catalog's clock): a sidecar written since means the book's metadata changed.</summary>
    public DateTimeOffset BookUpdatedUtc { get; init; }
}
