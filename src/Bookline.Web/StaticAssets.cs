using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Bookline.Web;

/// <summary>
/// The pages' stylesheet and scripts, embedded in the assembly and served from <c>/assets/{name}</c>; pages link each with
/// its content's hash, so a browser keeps it for a year and fetches a new one only when it changes.
/// </summary>
internal static class StaticAssets
{
    private static readonly FrozenDictionary<string, Asset> All = Load();

    /// <summary>The asset's versioned path (without the app's base path).</summary>
    public static string Path(string name) => "/assets/" + name + "?v=" + All[name].Version;

    /// <summary>Maps <c>/assets/{name}</c>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/assets/{name}", [HttpMethods.Get, HttpMethods.Head], (string name, string? v, HttpContext context) =>
        {
            if (!All.TryGetValue(name, out Asset? asset))
            {
                return Results.NotFound($"No asset {name}.");
            }

            context.Response.Headers.CacheControl = v == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
            return Results.Bytes(asset.Bytes, asset.ContentType, entityTag: new EntityTagHeaderValue($"\"{asset.Version}\""));
        });

    private static FrozenDictionary<string, Asset> Load()
    {
        const string prefix = "Bookline.Web.Assets.";
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (string resource in typeof(StaticAssets).Assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using Stream stream = typeof(StaticAssets).Assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            byte[] bytes = memory.ToArray();
            string name = resource[prefix.Length..];
            string type = System.IO.Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string Version);
}
