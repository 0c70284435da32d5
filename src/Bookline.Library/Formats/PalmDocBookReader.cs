namespace Bookline.Library.Formats;

/// <summary>Reads PalmDOC books (.pdb, TEXtREAd: plain text in PalmDOC-compressed records of a Palm database) and eReader books (.pdb, PNRdPPrs: PML text, PalmDOC- or zlib-compressed, with title, author, publisher and ISBN).</summary>
public sealed class PalmDocBookReader : IBookReader
{
    private readonly ReadLimits _limits;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">The most text a book may unpack to; null for <see cref="ReadLimits.Default"/>.</param>
    public PalmDocBookReader(ReadLimits? limits = null) => _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public BookFormat Format => BookFormat.PalmDoc;

    /// <inheritdoc />
    public ExtractedBook Read(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return MobiBookReader.ReadPalmDoc(content, path, _limits, cancellationToken);
    }
}
