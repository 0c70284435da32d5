using System.Globalization;
using Bookline.Library.Formats;

namespace Bookline.Web;

/// <summary>A book's series as the pages and feeds show it: "Discworld #8", the name alone without a number, or null.</summary>
internal static class SeriesLabel
{
    public static string? Of(BookMetadata metadata) => metadata.Series is { } name
        ? metadata.SeriesIndex is { } index ? $"{name} #{index.ToString("0.##", CultureInfo.InvariantCulture)}" : name
        : null;
}
