namespace Bookline.Web;

/// <summary>How <see cref="BooklineEndpoints.MapBookline"/> serves a catalog.</summary>
public sealed class BooklineWebOptions
{
    /// <summary>
    /// The library folder on this machine, which the catalog's paths are relative to; null serves no book files (the feeds
    /// then have no acquisition links). Only regular files inside it are served: a link that points out of it is not.
    /// </summary>
    /// <value>Null by default.</value>
    public string? LibraryRoot { get; set; }

    /// <summary>
    /// Where resized covers are kept between runs (one small JPEG per book and size, named by the book's content);
    /// null keeps none, and each cover is made again on each request.
    /// </summary>
    /// <value>$XDG_CACHE_HOME/bookline/covers (~/.cache/bookline/covers) by default.</value>
    public string? CoverFolder { get; set; } = Covers.CoverStore.DefaultFolder;

    /// <summary>
    /// The library a scan in this process is scanning, whose progress the host streams as server-sent events at
    /// <c>/live/events</c> (as <c>bookline scan --serve</c> does); the page <c>/live</c> shows it. Null for none.
    /// </summary>
    /// <value>Null by default.</value>
    public string? LiveScan { get; set; }

    /// <summary>The catalog's name in feeds and on pages.</summary>
    /// <value>"Bookline" by default.</value>
    public string Title { get; set; } = "Bookline";

    /// <summary>How many books a feed page lists, from 1 to 500.</summary>
    /// <value>50 by default.</value>
    public int PageSize { get; set; } = 50;

    /// <summary>Checks the options; the message names the option and the cause.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the library folder does not exist.</exception>
    public void Validate()
    {
        if (PageSize is < 1 or > 500)
        {
            throw new ArgumentException($"{nameof(PageSize)} must be from 1 to 500, not {PageSize}.", nameof(PageSize));
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            throw new ArgumentException($"{nameof(Title)} must not be empty.", nameof(Title));
        }

        if (LibraryRoot is not null && !Directory.Exists(LibraryRoot))
        {
            throw new ArgumentException($"The library folder {LibraryRoot} does not exist.", nameof(LibraryRoot));
        }
    }
}
