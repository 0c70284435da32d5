using System.Text.Json;

namespace Bookline.Cli.Commands;

/// <summary>The one JSON format of every --json output.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
