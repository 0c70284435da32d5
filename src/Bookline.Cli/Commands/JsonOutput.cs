using System.Text.Json;

namespace Bookline.Cli.Commands;

/// <summary>The one JSON format of every --json output.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The same on one line, for commands that print one object per event (JSON Lines).</summary>
    public static JsonSerializerOptions Lines { get; } = new(Options) { WriteIndented = false };
}
