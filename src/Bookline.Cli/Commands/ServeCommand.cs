using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Bookline.Cli.Web;
using Bookline.Library.Catalog;
using Bookline.Library.Watching;
using Bookline.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline serve</c>: the catalog on a web page, on loopback unless told otherwise.</summary>
internal static class ServeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var urls = CreateUrlsOption();
        var searchCache = new Option<int>("--search-cache")
        {
            Description = "How many search results to keep, to answer the same search again at once while the catalog has not changed; 0 keeps none.",
            DefaultValueFactory = _ => 500,
        };
        searchCache.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--search-cache must be 0 or more.");
            }
        });
        var library = new Option<DirectoryInfo?>("--library")
        {
            Description = "The library folder the catalog was scanned from, to serve its book files (downloads, OPDS acquisition links); without it no file is served.",
        };
        var allowAnonymous = CreateAllowAnonymousOption();
        var banAfter = new Option<int>("--ban-after")
        {
            Description = "Refuse an address for --ban-minutes after this many wrong logins in a row (0: never); only when the catalog has accounts.",
            DefaultValueFactory = _ => 5,
        };
        var banMinutes = new Option<int>("--ban-minutes") { Description = "How long an address that guessed wrong too often is refused.", DefaultValueFactory = _ => 10 };
        banAfter.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--ban-after must be 0 or more.");
            }
        });
        banMinutes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--ban-minutes must be 1 or more.");
            }
        });
        var coverCache = new Option<DirectoryInfo?>("--cover-cache")
        {
            Description = "Where resized covers are kept between runs; ~/.cache/bookline/covers (or $XDG_CACHE_HOME/bookline/covers) by default.",
        };
        var title = new Option<string>("--title") { Description = "The catalog's name on its pages and in its feeds.", DefaultValueFactory = _ => "Bookline" };
        title.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--title must not be empty.");
            }
        });
        var certificate = new Option<FileInfo?>("--certificate")
        {
            Description = "Serve HTTPS with this certificate: a PEM file (with --certificate-key, or with the key in it) or a PKCS#12 (.pfx/.p12) file, "
                + "whose password, if any, is read from BOOKLINE_CERTIFICATE_PASSWORD. --urls must then name https addresses.",
        };
        var certificateKey = new Option<FileInfo?>("--certificate-key") { Description = "The PEM private key of --certificate, when it is in a file of its own." };
        var watch = new Option<bool>("--watch") { Description = "Keep the catalog current with --library while serving, as bookline watch does (see --debounce and --poll)." };
        Option<double> debounce = WatchCommand.CreateDebounceOption();
        Option<double?> poll = WatchCommand.CreatePollOption();
        var command = new Command("serve", "Serve the catalog as web pages and as an OPDS catalog for e-reader apps (/opds), until Ctrl+C. "
            + "Once the catalog has accounts (bookline users add), every visitor is asked for one.")
        {
            catalog, urls, searchCache, library, allowAnonymous, banAfter, banMinutes, coverCache, title, certificate, certificateKey, watch, debounce, poll,
        };
        command.SetAction(async (parse, stop) =>
        {
            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            CheckReach(parse.GetValue(urls)!, parse.GetValue(allowAnonymous) || (await store.AccountsAsync(stop)).Count > 0);
            store.SearchCacheSize = parse.GetValue(searchCache);
            if (parse.GetValue(library) is { Exists: false } missing)
            {
                throw new UserException($"There is no library folder at '{missing.FullName}' (--library).") { ExitCode = ExitCodes.Usage };
            }

            if (parse.GetValue(watch) && parse.GetValue(library) is null)
            {
                throw new UserException("--watch keeps the catalog current with its library: give the library with --library.") { ExitCode = ExitCodes.Usage };
            }

            X509Certificate2? https = ServerCertificate.Load(parse.GetValue(certificate), parse.GetValue(certificateKey), parse.GetValue(urls)!);
            var access = new BooklineAccessOptions { BanAfter = parse.GetValue(banAfter), BanFor = TimeSpan.FromMinutes(parse.GetValue(banMinutes)), Realm = parse.GetValue(title)! };
            var web = new BooklineWebOptions
            {
                LibraryRoot = parse.GetValue(library)?.FullName,
                Title = parse.GetValue(title)!,
                CoverFolder = parse.GetValue(coverCache)?.FullName ?? new BooklineWebOptions().CoverFolder,
            };
            WebApplication app = Build(store, parse.GetValue(urls)!, web: web, access: access, certificate: https);
            await using (app.ConfigureAwait(false))
            {
                await StartAsync(app, parse.GetValue(urls)!, stop);
                console.MarkupLine($"Serving {TerminalText.Escape(store.Location)} on {TerminalText.Escape(string.Join(", ", app.Urls))}. Ctrl+C stops.");
                if (https is null && (await store.AccountsAsync(stop)).Count > 0 && !OnlyLoopback(parse.GetValue(urls)!))
                {
                    console.MarkupLine("[yellow]Passwords cross the network in clear text over http: serve with --certificate, or behind a reverse proxy that speaks HTTPS (docs/web.md).[/]");
                }
                Task? watching = null;
                if (parse.GetValue(watch))
                {
                    TextWriter output = TextWriter.Synchronized(console.Profile.Out.Writer);
                    var watchOptions = new LibraryWatchOptions
                    {
                        Debounce = TimeSpan.FromSeconds(parse.GetValue(debounce)),
                        PollInterval = parse.GetValue(poll) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                        OnPass = pass => output.WriteLine(WatchCommand.Describe(pass)),
                    };
                    watching = new LibraryWatcher().RunAsync(web.LibraryRoot!, store, watchOptions, stop);
                }

                // Serving ends with Ctrl+C; a watcher that fails ends it too, with its error, rather than leave a catalog that no longer follows.
                Task stopped = UntilStoppedAsync(stop);
                await (watching is null ? stopped : Task.WhenAny(stopped, watching));
                await app.StopAsync(CancellationToken.None);
                if (watching is not null)
                {
                    await watching;
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Completes when Ctrl+C (or SIGTERM) asks the command to stop serving.</summary>
    internal static async Task UntilStoppedAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // the stop itself
        }
    }

    /// <summary>Starts listening; an address that is taken or malformed is the user's to fix, said in one line.</summary>
    internal static async Task StartAsync(WebApplication app, string urls, CancellationToken stop)
    {
        try
        {
            await app.StartAsync(stop);
        }
        catch (Exception exception) when (exception is IOException or FormatException or InvalidOperationException or ArgumentException)
        {
            string cause = exception.InnerException?.Message ?? exception.Message;
            throw new UserException($"Cannot serve on {urls}: {cause.TrimEnd('.')}. Choose another address with --urls.", exception) { ExitCode = ExitCodes.Usage };
        }
    }

    /// <summary>--allow-anonymous: serving beyond this machine with no one asked who they are.</summary>
    public static Option<bool> CreateAllowAnonymousOption() => new("--allow-anonymous")
    {
        Description = "Serve on an address other machines can reach, asking no one who they are: anyone who reaches it can read the catalog and download every book.",
    };

    /// <summary>
    /// Refuses an address other machines can reach (any but loopback: 0.0.0.0, *, a LAN address, a host name) unless the
    /// catalog asks for accounts or anonymous access is allowed: a library is private until its owner says not.
    /// </summary>
    internal static void CheckReach(string urls, bool allowAnonymous)
    {
        if (allowAnonymous)
        {
            return;
        }

        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!OnlyLoopback(url))
            {
                throw new UserException($"{url} can be reached from other machines, and the catalog has no accounts to ask for: add one with 'bookline users add <name>', "
                    + "or give --allow-anonymous to let anyone who reaches it read the catalog and download every book.") { ExitCode = ExitCodes.Usage };
            }
        }
    }

    /// <summary>Whether an address (or a ;-separated list) is reachable from this machine only.</summary>
    internal static bool OnlyLoopback(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(url =>
        !Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? address)
        || address.IsLoopback);

    /// <summary>--urls: where the web page listens.</summary>
    public static Option<string> CreateUrlsOption() => new("--urls")
    {
        Description = "Where to listen; loopback by default, so only this machine can reach the page.",
        DefaultValueFactory = _ => "http://127.0.0.1:5080",
    };

    /// <summary>
    /// The web application over a catalog, with the live dashboard of <paramref name="live"/> when a scan
    /// runs in this process. Every store serves many requests at once (SQLite through a pool of readers,
    /// which WAL lets read while a scan writes), and a request that is abandoned abandons its read.
    /// </summary>
    internal static WebApplication Build(ICatalogReader catalog, string urls, LiveScan? live = null, BooklineWebOptions? web = null, BooklineAccessOptions? access = null, X509Certificate2? certificate = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        // A parameter that does not parse (page=abc) is thrown, not answered with an empty 400, so that
        // the answer can say which parameter and why.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        WebApplication app = builder.Build();

        // A scan serving its own library offers its files, while the folder is there.
        web ??= new BooklineWebOptions { LibraryRoot = live is not null && Directory.Exists(live.Library) ? live.Library : null };
        web.LiveScan = live?.Library;
        app.Use(AnswerErrorsAsync);
        if (catalog is ICatalogAccounts accounts)
        {
            app.UseBooklineAccounts(catalog, accounts, access);
        }

        app.MapGet("/live/events", async (HttpContext context) =>
        {
            if (live is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await LiveEvents.StreamAsync(context, live);
        });
        app.MapBookline(catalog, web);
        return app;
    }

    /// <summary>
    /// A request the server cannot bind (a page that is not a number) gets its status and a one-line
    /// reason; anything else that escapes a handler is a 500 that says no more than that, never a stack trace.
    /// </summary>
    private static async Task AnswerErrorsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = exception.StatusCode;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Bad request: {exception.Message}");
        }
        catch (Exception exception) when (!context.Response.HasStarted && exception is not OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The server could not answer this request.");
        }
    }
}
