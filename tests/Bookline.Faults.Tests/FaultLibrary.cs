using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Samples;
using Bookline.Library.Scanning;

namespace Bookline.Faults.Tests;

/// <summary>
/// The library every fault scans: the sample (text in three encodings, HTML, EPUB, PDF, a file that
/// is not a book, an empty file and a torn PDF), 160 generated books on three shelves, ten books in two
/// formats each, and a shelf laid out as a calibre library (metadata.opf, covers, a book in two formats); and the
/// catalog an uninterrupted embedded scan makes of it, which every faulted run must end equal to.
/// </summary>
public sealed class FaultLibrary : IDisposable
{
    public FaultLibrary()
    {
        Folder = Directory.CreateTempSubdirectory("bookline-faults-").FullName;
        Library = Path.Combine(Folder, "library");
        SampleLibrary.Write(Library, includeBroken: true);
        for (int shelf = 0; shelf < 3; shelf++)
        {
            string dir = Path.Combine(Library, $"shelf{shelf}");
            Directory.CreateDirectory(dir);
            for (int i = 0; i < 160 / 3; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"log-{i:000}.txt"),
                    $"Title: Keeper's Log {shelf}.{i}\nAuthor: Keeper {shelf}\n\n" + string.Concat(Enumerable.Repeat($"Entry {i}: the lighthouse lamp burned all night on shelf {shelf}. ", 40)));
            }
        }

        // Books in several formats, as calibre keeps them: a calibre library inside the library is a
        // shelf whose book folders are one book each, with their metadata.opf and cover sidecars.
        for (int i = 0; i < 10; i++)
        {
            string dir = Path.Combine(Library, "formats");
            Directory.CreateDirectory(dir);
            string text = $"Volume {i} of the harbour records: the tide rose twice and the lamp burned. ";
            File.WriteAllBytes(Path.Combine(dir, $"records-{i}.epub"), SampleBooks.Epub($"Harbour Records {i}", "The Harbourmaster", "en", [text]));
            File.WriteAllText(Path.Combine(dir, $"Records-{i}.txt"), text);
        }

        Bookline.Tests.Shared.CalibreLibrary.Write(Path.Combine(Library, "calibre"));

        string reference = Path.Combine(Folder, "reference.db");
        using SqliteCatalog catalog = SqliteCatalog.Open(reference);
        LibraryScanReport report = new LibraryScanner().ScanAsync(Library, catalog).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        Files = report.Found;
        Expected = CatalogSnapshot.Of(catalog);
    }

    /// <summary>A folder for this run's catalogs and logs, removed at the end.</summary>
    public string Folder { get; }

    /// <summary>The library.</summary>
    public string Library { get; }

    /// <summary>How many files the library holds.</summary>
    public int Files { get; }

    /// <summary>What the uninterrupted scan cataloged: the books and the failures with their reasons.</summary>
    public CatalogSnapshot Expected { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
