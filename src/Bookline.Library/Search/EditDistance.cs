namespace Bookline.Library.Search;

/// <summary>The optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours each count one.</summary>
internal static class EditDistance
{
    /// <summary>The distance between two words, or <paramref name="limit"/> + 1 as soon as it must be more than the limit.</summary>
    public static int Within(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        // Three rows: the one before the previous is needed for swaps.
        Span<int> before = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int smallest = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }

                current[j] = value;
                smallest = Math.Min(smallest, value);
            }

            if (smallest > limit)
            {
                return limit + 1;
            }

            Span<int> spare = before;
            before = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[b.Length], limit + 1);
    }
}
