using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bookline.Library.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Bookline.Web;

/// <summary>
/// Accounts for a served catalog, once it has any: HTTP Basic (what e-reader apps send) or a sign-in
/// form with a signed cookie (for browsers), passwords hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, and an
/// address refused for a while after too many failed logins in a row.
/// </summary>
public static class BooklineAccess
{
    /// <summary>Where a request signed in with the cookie keeps the account's name, for the pages to offer a sign-out.</summary>
    internal const string CookieUserKey = "bookline.cookie-user";

    private const string CookieName = "bookline-session";

    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    private static readonly PasswordHasher<CatalogAccount> Hasher = new();

    /// <summary>The hash to keep for a password: salted and iterated (PBKDF2), never the password itself.</summary>
    /// <param name="name">The account's name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The hash, for <see cref="CatalogAccount.PasswordHash"/>.</returns>
    public static string HashPassword(string name, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Hasher.HashPassword(new CatalogAccount(name, string.Empty, default), password);
    }

    /// <summary>
    /// Asks every request for an account when the catalog has any (none asks for nothing): a browser asking for a page is sent to
    /// the sign-in form at <c>/login</c>, which sets a signed cookie; any other request without an account, or with a wrong one, is
    /// answered 401 with a Basic challenge (what e-reader apps answer); after <see cref="BooklineAccessOptions.BanAfter"/> wrong ones in a row
    /// from one address, that address is answered 429 for <see cref="BooklineAccessOptions.BanFor"/>, right password or not.
    /// </summary>
    /// <param name="app">The app; call before mapping what it guards.</param>
    /// <param name="catalog">The catalog, whose data version says when the accounts may have changed.</param>
    /// <param name="accounts">The catalog's accounts.</param>
    /// <param name="options">The realm and the ban; validated here.</param>
    /// <returns>The app.</returns>
    public static IApplicationBuilder UseBooklineAccounts(this IApplicationBuilder app, ICatalogReader catalog, ICatalogAccounts accounts, BooklineAccessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(accounts);
        options ??= new BooklineAccessOptions();
        options.Validate();
        var guard = new AccessGuard(catalog, accounts, options);
        return app.Use(guard.InvokeAsync);
    }

    /// <summary>The state of the accounts' check: the accounts per data version, passwords verified, failures by address.</summary>
    private sealed class AccessGuard(ICatalogReader catalog, ICatalogAccounts accounts, BooklineAccessOptions options)
    {
        // A verification costs PBKDF2's 100,000 iterations (tens of milliseconds): a password verified once is remembered,
        // by a keyed hash of it that a memory dump cannot reverse, until its account changes.
        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
        private readonly byte[] _cookieKey = RandomNumberGenerator.GetBytes(32);
        private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();
        private readonly string _unknownHash = HashPassword(string.Empty, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        private readonly DataVersionCache<Dictionary<string, CatalogAccount>> _accounts = new(catalog, async cancellationToken =>
            (await accounts.AccountsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Name, StringComparer.Ordinal));

        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            Dictionary<string, CatalogAccount> byName = await _accounts.GetAsync(context.RequestAborted).ConfigureAwait(false);
            if (byName.Count == 0)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            IPAddress address = context.Connection.RemoteIpAddress ?? IPAddress.None;
            DateTimeOffset now = options.TimeProvider.GetUtcNow();
            if (_failures.TryGetValue(address, out Failures? failures) && failures.BannedUntil is { } until)
            {
                if (until > now)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling((until - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await context.Response.WriteAsync($"Too many failed logins from this address: refused until {until:u}.", context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                _failures.TryRemove(address, out _);
            }

            PathString path = context.Request.Path;
            if (path.StartsWithSegments("/assets"))
            {
                await next(context).ConfigureAwait(false); // the stylesheet and scripts: nothing of the library's
                return;
            }

            if (path.Equals("/login", StringComparison.Ordinal))
            {
                await LoginAsync(context, byName, address, now).ConfigureAwait(false);
                return;
            }

            if (path.Equals("/logout", StringComparison.Ordinal) && HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.Cookies.Delete(CookieName, CookieOptions(context, DateTimeOffset.UnixEpoch));
                context.Response.Redirect(context.Request.PathBase + "/login", permanent: false);
                return;
            }

            if (SignedIn(context, byName, now) is { } user)
            {
                context.Items[CookieUserKey] = user;
                await next(context).ConfigureAwait(false);
                return;
            }

            if (Credentials(context.Request) is not { } credentials)
            {
                if (WantsPage(context.Request))
                {
                    // A browser is sent to the form; an e-reader app (or a script) gets the Basic challenge it knows.
                    string back = context.Request.Path + context.Request.QueryString;
                    context.Response.Redirect(context.Request.PathBase + "/login?return=" + Uri.EscapeDataString(back), permanent: false);
                    return;
                }

                await ChallengeAsync(context, "This catalog asks for an account.").ConfigureAwait(false);
                return;
            }

            if (Verify(byName, credentials.Name, credentials.Password))
            {
                _failures.TryRemove(address, out _);
                await next(context).ConfigureAwait(false);
                return;
            }

            CountFailure(address, now);
            await ChallengeAsync(context, "Wrong name or password.").ConfigureAwait(false);
        }

        /// <summary>The sign-in form (GET), and its answer (POST): a cookie and back to the page asked for, or the form again with why.</summary>
        private async Task LoginAsync(HttpContext context, Dictionary<string, CatalogAccount> byName, IPAddress address, DateTimeOffset now)
        {
            HttpRequest request = context.Request;
            string back = LocalPath(request.Query["return"]);
            if (!HttpMethods.IsPost(request.Method))
            {
                await LoginPage(context, back, null, null).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (!request.HasFormContentType)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("Sign in with the form: name and password sent as application/x-www-form-urlencoded.", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            IFormCollection form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            string name = form["name"].ToString();
            back = LocalPath(form["return"]);
            if (name.Length > 0 && Verify(byName, name, form["password"].ToString()))
            {
                _failures.TryRemove(address, out _);
                DateTimeOffset expires = now + CookieLifetime;
                context.Response.Cookies.Append(CookieName, Sign(byName[name], expires), CookieOptions(context, expires));
                context.Response.Redirect(request.PathBase + back, permanent: false);
                return;
            }

            CountFailure(address, now);
            await LoginPage(context, back, name, "Wrong name or password.").ExecuteAsync(context).ConfigureAwait(false);
        }

        private IResult LoginPage(HttpContext context, string back, string? name, string? error) =>
            Pages.PageViews.Page(new Pages.PageFrame(
                context.Request.PathBase, options.Realm, "Sign in", "/login", null, null, Live: false, Pages.PageViews.Login(new Pages.LoginModel(context.Request.PathBase, back, name, error))));

        private void CountFailure(IPAddress address, DateTimeOffset now)
        {
            Failures counted = _failures.AddOrUpdate(address, _ => new Failures(1, null), (_, f) => f with { Count = f.Count + 1 });
            if (options.BanAfter > 0 && counted.Count >= options.BanAfter)
            {
                _failures[address] = counted with { BannedUntil = now + options.BanFor };
            }
        }

        /// <summary>
        /// The cookie's value: the name, when it expires, and a keyed hash of both with the account's password hash, so a
        /// changed password or a removed account ends every session. The key is this process's own: a restart signs everyone out.
        /// </summary>
        private string Sign(CatalogAccount account, DateTimeOffset expires)
        {
            string claim = Uri.EscapeDataString(account.Name) + "|" + expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return claim + "|" + Convert.ToBase64String(Mac(claim, account));
        }

        private string? SignedIn(HttpContext context, Dictionary<string, CatalogAccount> byName, DateTimeOffset now)
        {
            if (!context.Request.Cookies.TryGetValue(CookieName, out string? value) || value.Split('|') is not [string escaped, string seconds, string mac])
            {
                return null;
            }

            string name = Uri.UnescapeDataString(escaped);
            if (!byName.TryGetValue(name, out CatalogAccount? account)
                || !long.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long unix)
                || DateTimeOffset.FromUnixTimeSeconds(Math.Min(unix, 253402300799)) <= now)
            {
                return null;
            }

            Span<byte> given = stackalloc byte[32];
            return Convert.TryFromBase64String(mac, given, out int length) && length == 32
                && CryptographicOperations.FixedTimeEquals(given, Mac(escaped + "|" + seconds, account)) ? name : null;
        }

        private byte[] Mac(string claim, CatalogAccount account) =>
            HMACSHA256.HashData(_cookieKey, Encoding.UTF8.GetBytes(claim + "\0" + account.PasswordHash));

        private static CookieOptions CookieOptions(HttpContext context, DateTimeOffset expires) => new()
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
            Expires = expires,
            IsEssential = true,
        };

        /// <summary>A page of this app to go back to: a path that starts with one slash, or the front page (never another site).</summary>
        private static string LocalPath(string? path) =>
            path is { Length: > 0 } && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal)
                ? path
                : "/";

        /// <summary>A browser asking for a page (not a feed, a download or the API), which the sign-in form serves better than a Basic prompt.</summary>
        private static bool WantsPage(HttpRequest request) =>
            (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/opds") && !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/books");

        private bool Verify(Dictionary<string, CatalogAccount> byName, string name, string password)
        {
            if (!byName.TryGetValue(name, out CatalogAccount? account))
            {
                // As long as for a known name, so that timing does not tell which names exist.
                Hasher.VerifyHashedPassword(new CatalogAccount(name, _unknownHash, default), _unknownHash, password);
                return false;
            }

            string key = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(account.Name + "\0" + account.PasswordHash + "\0" + password)));
            if (_verified.ContainsKey(key))
            {
                return true;
            }

            if (Hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
            {
                return false;
            }

            _verified[key] = true;
            return true;
        }

        private async Task ChallengeAsync(HttpContext context, string message)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{options.Realm}\", charset=\"UTF-8\"";
            await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
        }

        private static (string Name, string Password)? Credentials(HttpRequest request)
        {
            string? header = request.Headers.Authorization;
            if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            try
            {
                string pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                int colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    private sealed record Failures(int Count, DateTimeOffset? BannedUntil);
}
