using System.Diagnostics;
using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;

namespace Bookline.Cli.Tests;

/// <summary>kill -9 in the middle of a scan, then the same scan again: the catalog ends as an uninterrupted scan's.</summary>
public sealed class CrashResumeTests : IDisposable
{
    private const int Books = 6000; // enough that the kill lands mid-run even on a fast machine
    private readonly TempFolder _temp = new();

    public CrashResumeTests()
    {
        for (int shelf = 0; shelf < 3; shelf++)
        {
            string dir = Path.Combine(_temp.Path, "library", $"shelf{shelf}");
            Directory.CreateDirectory(dir);
            for (int i = 0; i < Books / 3; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"book{i:0000}.txt"), $"Title: Book {shelf}-{i}\n\nPage after page about item {i} on shelf {shelf}, with harbour and lighthouse words.\n");
            }
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AScanKilledMidRunAndRunAgainCatalogsEveryBookExactlyOnce()
    {
        string library = Path.Combine(_temp.Path, "library");
        string reference = Path.Combine(_temp.Path, "reference.db");
        using (SqliteCatalog full = SqliteCatalog.Open(reference))
        {
            await new LibraryScanner().ScanAsync(library, full).WaitAsync(TimeSpan.FromMinutes(2));
        }

        string catalog = Path.Combine(_temp.Path, "crashed.db");
        using (Process scan = StartScan(library, catalog))
        {
            // Wait for the first committed batch, then kill without warning.
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (CountBooks(catalog) == 0 && !scan.HasExited)
            {
                Assert.True(DateTime.UtcNow < deadline, "The scan never committed a batch.");
                await Task.Delay(2);
            }

            Assert.False(scan.HasExited, "The scan finished before it could be killed: make the library bigger.");
            scan.Kill(entireProcessTree: true);
            await scan.WaitForExitAsync();
        }

        long afterCrash = CountBooks(catalog);
        Assert.InRange(afterCrash, 1, Books - 1);

        using (Process again = StartScan(library, catalog))
        {
            await again.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(0, again.ExitCode);
        }

        using SqliteCatalog expected = SqliteCatalog.Open(reference);
        using SqliteCatalog actual = SqliteCatalog.Open(catalog);
        Assert.Equal(Books, actual.GetStatus().Books);
        Assert.Equal(expected.KnownFiles().OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Value.Sha256)),
            actual.KnownFiles().OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Value.Sha256)));
        Assert.Equal(Books, actual.Search("lighthouse", limit: Books * 2).Count);
    }

    private static Process StartScan(string library, string catalog)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "bookline.dll"), "scan", library, "--catalog", catalog, "--scan-workers", "1", "--queue-size", "4" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static long CountBooks(string catalog)
    {
        if (!File.Exists(catalog))
        {
            return 0;
        }

        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={catalog};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM books";
            return (long)command.ExecuteScalar()!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the schema is not created yet
        }
    }
}
