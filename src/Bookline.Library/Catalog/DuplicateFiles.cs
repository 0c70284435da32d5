namespace Bookline.Library.Catalog;

/// <summary>The same content in several files.</summary>
/// <param name="Sha256">Their SHA-256.</param>
/// <param name="Bytes">The size of each.</param>
/// <param name="Paths">Where they are, relative to the library.</param>
public sealed record DuplicateFiles(string Sha256, long Bytes, IReadOnlyList<string> Paths);
