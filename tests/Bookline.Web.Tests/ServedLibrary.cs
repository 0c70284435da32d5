using Bookline.Catalog.Sqlite;
using Bookline.Library.Catalog;
using System.Net;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Bookline.Web.Tests;

/// <summary>
/// A small library on disk, scanned into a SQLite catalog and served on loopback by an app that maps
/// nothing but <see cref="BooklineEndpoints.MapBookline"/>, as a .NET developer's own app would.
/// </summary>
internal sealed class ServedLibrary : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SqliteCatalog _catalog;

    private ServedLibrary(string root, WebApplication app, SqliteCatalog catalog, HttpClient http)
    {
        Root = root;
        _app = app;
        _catalog = catalog;
        Http = http;
    }

    /// <summary>The folder holding the library (in <c>library/</c>) and everything the tests put around it.</summary>
    public string Root { get; }

    /// <summary>The library folder.</summary>
    public string Library => Path.Combine(Root, "library");

    /// <summary>A client whose base address is the served app.</summary>
    public HttpClient Http { get; }

    public ICatalogReader Catalog => _catalog;

    /// <summary>What was logged while serving.</summary>
    public RecordingLogger Log { get; private init; } = new();

    /// <summary>A client of the app that follows no redirect and keeps cookies, as a browser's form would be seen by the server.</summary>
    public HttpClient NewBrowserClient(CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true }) { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Writes the files (paths relative to the library, "/"-separated), scans them, and serves the catalog.</summary>
    public static async Task<ServedLibrary> StartAsync(IReadOnlyDictionary<string, string> files, Action<string>? arrange = null, int pageSize = 50, bool serveFiles = true,
        IReadOnlyDictionary<string, string>? accounts = null, BooklineAccessOptions? access = null)
    {
        string root = Path.Combine(Path.GetTempPath(), "bookline-web-" + Guid.NewGuid().ToString("N"));
        string library = Path.Combine(root, "library");
        foreach ((string path, string text) in files)
        {
            string full = Path.Combine(library, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        arrange?.Invoke(root);
        SqliteCatalog catalog = SqliteCatalog.Open(Path.Combine(root, "catalog.db"));
        await new LibraryScanner().ScanAsync(library, catalog);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Everything the app and ASP.NET Core log, at every level, for the tests that look for what must never be logged.
        var log = new RecordingLogger();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new RecordingLoggerProvider(log));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        foreach ((string name, string password) in accounts ?? new Dictionary<string, string>())
        {
            await catalog.SetAccountAsync(new CatalogAccount(name, BooklineAccess.HashPassword(name, password), DateTimeOffset.UtcNow));
        }

        app.UseBooklineAccounts(catalog, catalog, access);
        app.MapBookline(catalog, new BooklineWebOptions { LibraryRoot = serveFiles ? library : null, PageSize = pageSize, Title = "Test <Library> & Co", CoverFolder = Path.Combine(root, "covers") });
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        return new ServedLibrary(root, app, catalog, http) { Log = log };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _catalog.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Gives every category the same recording logger.</summary>
internal sealed class RecordingLoggerProvider(RecordingLogger log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => log;

    public void Dispose()
    {
    }
}
