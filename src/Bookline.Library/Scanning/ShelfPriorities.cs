using System.Globalization;

namespace Bookline.Library.Scanning;

/// <summary>
/// The priority file: one <c>shelf: number</c> per line, lower numbers scanned first, <c>#</c>
/// starting a comment. Shelves it does not name get the default priority.
/// </summary>
public static class ShelfPriorities
{
    /// <summary>
    /// A shelf priority as a broker priority, which has ten levels and puts higher first: 0 → 9,
    /// 1 → 8, … 9 and above (the default, 100, included) → 0.
    /// </summary>
    /// <param name="priority">The shelf priority: lower is scanned sooner.</param>
    /// <returns>The broker priority, 0 to 9.</returns>
    public static byte ToBrokerPriority(int priority) => (byte)Math.Clamp(9 - priority, 0, 9);

    /// <summary>Reads a priority file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Shelf name → priority.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is not <c>shelf: number</c>; the message names the file and the line.</exception>
    public static IReadOnlyDictionary<string, int> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The priority file '{Path.GetFullPath(path)}' does not exist.", path);
        }

        return Parse(File.ReadLines(path), Path.GetFileName(path));
    }

    /// <summary>Parses the lines of a priority file.</summary>
    /// <param name="lines">The lines.</param>
    /// <param name="source">The file's name, for error messages.</param>
    /// <returns>Shelf name → priority.</returns>
    /// <exception cref="FormatException">A line is not <c>shelf: number</c>.</exception>
    public static IReadOnlyDictionary<string, int> Parse(IEnumerable<string> lines, string source)
    {
        var priorities = new Dictionary<string, int>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            int colon = line.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(line[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int priority))
            {
                throw new FormatException($"{source}, line {number}: expected 'shelf: number', found '{raw.Trim()}'.");
            }

            priorities[line[..colon].Trim()] = priority;
        }

        return priorities;
    }
}
