using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;

namespace Bookline.Cli.Tests.Web;

/// <summary>
/// <c>bookline serve</c> on loopback over the catalog of the sample library (broken files included)
/// plus a book whose title is a script tag; shared by the tests of a class, which only read it.
/// </summary>
public class ServedSampleCatalog : IAsyncLifetime, IDisposable
{
    public const string HostileTitle = "<script>alert('pwned')</script>";

    /// <summary>The book with a cover: a calibre book folder's cover.jpg, 600 × 900.</summary>
    public const string CoveredTitle = "The Harbour Lights";

    private readonly TempFolder _temp = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _serving;

    public Uri Address { get; } = new($"http://127.0.0.1:{LoopbackPort.Free()}");

    /// <summary>The sample library the catalog was scanned from, served with --library.</summary>
    public string Library { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        string library = Path.Combine(_temp.Path, "library");
        SampleLibrary.Write(library, includeBroken: true);
        File.WriteAllText(Path.Combine(library, "fiction", "hostile.txt"), $"Title: {HostileTitle}\n\nA whale of a tale with a lighthouse.\n");
        // U+0002 and U+0003 in a book's own text, as real PDFs hold them: they once passed for match marks.
        File.WriteAllText(Path.Combine(library, "fiction", "gauge.txt"), "Title: The Gauge\n\nThe glass fell by \u0002 10 \u0003 mbar before the storm, the keeper wrote, and the lamp was lit early.\n");
        string folder = Path.Combine(library, "calibre", "Ada Keeper", "The Harbour Lights (7)");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "The Harbour Lights - Ada Keeper.txt"), $"Title: {CoveredTitle}\nAuthor: Ada Keeper\n\nThe lights of the harbour came on one by one as the boats came home.\n");
        File.WriteAllBytes(Path.Combine(folder, "cover.jpg"), TestPictures.Jpeg(600, 900));
        string catalog = Path.Combine(_temp.Path, "catalog.db");
        using (SqliteCatalog store = SqliteCatalog.Open(catalog))
        {
            await new LibraryScanner().ScanAsync(library, store);
            foreach ((string name, string password) in Accounts)
            {
                await store.SetAccountAsync(new CatalogAccount(name, Bookline.Web.BooklineAccess.HashPassword(name, password), DateTimeOffset.UtcNow));
            }
        }

        var console = new TestConsole();
        Library = library;
        _serving = BooklineApp.RunAsync(
            ["serve", "--catalog", catalog, "--library", library, "--urls", Address.ToString(), "--cover-cache", Path.Combine(_temp.Path, "covers")],
            console.Console, TextWriter.Null, TextWriter.Null, _stop.Token);
        for (int i = 0; i < 400 && !console.Text.Contains("Serving", StringComparison.Ordinal); i++)
        {
            Assert.False(_serving.IsCompleted, "bookline serve ended at once: " + console.Text);
            await Task.Delay(25); // the command's line is its only sign that it listens
        }
    }

    /// <summary>The accounts the catalog has (name → password); none by default, so every page is open.</summary>
    public virtual IReadOnlyDictionary<string, string> Accounts { get; } = new Dictionary<string, string>();

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_serving is not null)
        {
            Assert.Equal(0, await _serving.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
