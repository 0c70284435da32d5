namespace Bookline.Library.Catalog;

/// <summary>A matched word in a <see cref="SearchHit.Snippet"/>: where it starts and how long it is, in UTF-16 characters.</summary>
/// <param name="Start">The index of its first character in the snippet.</param>
/// <param name="Length">Its length.</param>
public readonly record struct Highlight(int Start, int Length);
