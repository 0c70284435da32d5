using Bookline.Catalog.Sqlite;
using Bookline.Library.Scanning;

namespace Bookline.Library.Tests.Scanning;

/// <summary>A library folder and its catalog in a temporary folder, scanned within a bound: the scaffolding of scanning tests.</summary>
internal sealed class TestLibrary : IDisposable
{
    /// <summary>The longest a test's scan may take.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();

    public TestLibrary() => Root = Path.Combine(_folder.Path, "library");

    /// <summary>The library folder.</summary>
    public string Root { get; }

    /// <summary>The temporary folder the library and the catalog are in.</summary>
    public string Folder => _folder.Path;

    /// <summary>A file's full path, from its path in the library.</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes a file into the library, its folders too.</summary>
    public void Put(string relative, byte[] content)
    {
        string path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public SqliteCatalog OpenCatalog() => SqliteCatalog.Open(Path.Combine(_folder.Path, "catalog.db"));

    public Task<LibraryScanReport> ScanAsync(SqliteCatalog catalog, LibraryScanOptions? options = null) =>
        new LibraryScanner().ScanAsync(Root, catalog, options).WaitAsync(Bound);

    public void Dispose() => _folder.Dispose();
}
