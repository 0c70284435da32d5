namespace Bookline.Library.Scanning;

/// <summary>A file that is not a book but tells about books: read or left alone, never reported as a failure.</summary>
public enum SidecarKind
{
    /// <summary>An OPF package document (calibre's <c>metadata.opf</c>, or <c>Title.opf</c> beside <c>Title.epub</c>): the book's metadata.</summary>
    Metadata,

    /// <summary>A book folder's <c>cover.jpg</c> (or .jpeg, .png, .gif, .webp): the book's cover.</summary>
    Cover,

    /// <summary>calibre's own files at the root of a calibre library (<c>metadata.db</c> and its companions): left alone.</summary>
    CalibreLibrary,

    /// <summary>A file in a book folder's <c>data/</c> folder, where calibre keeps a book's extra files (not formats of it): left alone.</summary>
    ExtraFile,
}
