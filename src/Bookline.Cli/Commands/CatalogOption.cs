using System.CommandLine;
using Bookline.Library.Catalog;

namespace Bookline.Cli.Commands;

/// <summary>The --catalog option every catalog command shares, and opening the catalog it names.</summary>
internal static class CatalogOption
{
    public const string DefaultPath = "bookline.db";

    public static Option<string> Create() => new("--catalog")
    {
        Description = "The catalog file (SQLite).",
        DefaultValueFactory = _ => DefaultPath,
    };

    /// <summary>Opens an existing catalog, or explains how to make one.</summary>
    public static SqliteCatalog OpenExisting(string path) =>
        File.Exists(path)
            ? SqliteCatalog.Open(path)
            : throw new UserException($"There is no catalog at '{path}'. Run 'bookline scan <library>' first, or give --catalog.");
}
