namespace Bookline.Web.Pages;

/// <summary>The links between the pages of a list: previous, next, and the numbers around this one.</summary>
/// <param name="Number">This page's number, from 1.</param>
/// <param name="Count">How many pages there are.</param>
/// <param name="Previous">The previous page's address; null on the first.</param>
/// <param name="Next">The next page's address; null on the last.</param>
/// <param name="Around">The first, the last and the pages near this one, in order; a number of 0 marks a gap.</param>
internal sealed record PageLinks(int Number, int Count, string? Previous, string? Next, IReadOnlyList<(int Number, string Href)> Around)
{
    /// <summary>The links for page <paramref name="number"/> of <paramref name="count"/>, each made by <paramref name="link"/>.</summary>
    public static PageLinks For(int number, int count, Func<int, string> link)
    {
        var around = new List<(int, string)>();
        int last = 0;
        foreach (int page in new[] { 1, number - 2, number - 1, number, number + 1, number + 2, count }.Where(p => p >= 1 && p <= count).Distinct().Order())
        {
            if (page > last + 1)
            {
                around.Add((0, string.Empty));
            }

            around.Add((page, link(page)));
            last = page;
        }

        return new PageLinks(number, count, number > 1 ? link(number - 1) : null, number < count ? link(number + 1) : null, around);
    }
}
