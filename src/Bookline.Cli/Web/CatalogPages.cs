using System.Globalization;
using System.Net;
using System.Text;
using Bookline.Cli.Commands;
using Bookline.Library.Catalog;

namespace Bookline.Cli.Web;

/// <summary>
/// The catalog's web pages, written as HTML strings: every catalog value goes through
/// <see cref="WebUtility.HtmlEncode(string)"/>, so a title such as &lt;script&gt; stays text. No external asset.
/// </summary>
internal static class CatalogPages
{
    public const int PageSize = 20;

    /// <summary>The last page of results a search shows (10,000 hits): a page costs every hit before it.</summary>
    public const int MaxPage = 499;

    private const string Style = """
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        nav a{margin-right:1rem} form{margin:1rem 0} input,select{padding:.3rem;margin-right:.4rem}
        ol.hits li{margin:.8rem 0} .meta{color:#666;font-size:.9em} mark{background:#ffe58a}
        table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.3rem .6rem;text-align:left}
        .bar{background:#eee;width:10rem;height:.8rem} .bar div{background:#4a7;height:100%} td.num{text-align:right}
        """;

    /// <summary>
    /// The dashboard's script: it listens to /live/events and rebuilds the tables from each event,
    /// putting every string in with textContent, so a file name is never read as HTML.
    /// </summary>
    private const string LiveScript = """
        const $ = id => document.getElementById(id);
        function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; }
        function render(r, done) {
          $('status').textContent = (done ? 'Scan ' + r.outcome.toLowerCase() : 'Scanning') + ' · ' + r.accepted + ' files found · '
            + r.failed + ' failed · ' + r.elapsedSeconds.toFixed(1) + ' s';
          const stages = $('stages').tBodies[0]; stages.replaceChildren();
          const workers = $('workers'); workers.replaceChildren();
          for (const s of r.stages) {
            const row = stages.insertRow(); row.dataset.stage = s.name;
            cell(row, s.name);
            const bar = document.createElement('div'); bar.className = 'bar'; const fill = document.createElement('div');
            fill.style.width = (s.queueHighWaterMark ? 100 * s.queueDepth / s.queueHighWaterMark : 0) + '%'; bar.append(fill);
            cell(row, '').append(bar); cell(row, s.queueDepth, 'num queue');
            cell(row, s.succeeded, 'num done'); cell(row, s.deadLettered, 'num'); cell(row, s.inFlight, 'num'); cell(row, s.throughput.toFixed(1), 'num');
            for (const w of s.workers) {
              const li = document.createElement('li');
              li.textContent = s.name + ' worker ' + w.worker + ': ' + (done ? 'finished' : (w.current ?? 'waiting')) + ' (' + w.processed + ' done)';
              workers.append(li);
            }
          }
          const failures = $('failures').tBodies[0]; failures.replaceChildren();
          for (const f of r.failures) { const row = failures.insertRow(); cell(row, f.path ?? ''); cell(row, f.stage); cell(row, f.reason); cell(row, f.attempts, 'num'); }
          document.body.dataset.state = done ? 'done' : 'running';
        }
        const events = new EventSource('/live/events');
        events.addEventListener('snapshot', e => render(JSON.parse(e.data), false));
        events.addEventListener('done', e => { render(JSON.parse(e.data), true); events.close(); });
        """;

    public static string Search(SearchForm form, int page, SearchResults? results, bool more, string? error)
    {
        (string? query, SearchFilter filter, bool exact) = form;
        var body = new StringBuilder();
        body.Append("<form method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"Search the catalog\" autofocus value=\"").Append(E(query)).Append("\">")
            .Append("<input name=\"shelf\" placeholder=\"shelf\" value=\"").Append(E(filter.Shelf)).Append("\">")
            .Append("<input name=\"format\" placeholder=\"format\" value=\"").Append(E(filter.Format)).Append("\">")
            .Append("<input name=\"author\" placeholder=\"author\" value=\"").Append(E(filter.Author)).Append("\">")
            .Append("<label><input type=\"checkbox\" name=\"exact\" value=\"on\"").Append(exact ? " checked" : string.Empty).Append("> exact words</label> ")
            .Append("<button type=\"submit\">Search</button></form>");
        body.Append("<details class=\"help\"><summary>How to search</summary><table>");
        foreach ((string example, string meaning) in SearchHelp.Lines)
        {
            body.Append("<tr><td><code>").Append(E(example)).Append("</code></td><td>").Append(E(meaning)).Append("</td></tr>");
        }

        body.Append("</table><p>Words are found in every form (whales, whaling) and without regard to case or accents; a word the catalog lacks is also ")
            .Append("looked for with a typo corrected, after the exact hits, unless <em>exact words</em> is ticked.</p></details>");
        string link(string? q, int p, bool exactWords) => $"/?q={Uri.EscapeDataString(q ?? string.Empty)}&shelf={Uri.EscapeDataString(filter.Shelf ?? string.Empty)}&format={Uri.EscapeDataString(filter.Format ?? string.Empty)}&author={Uri.EscapeDataString(filter.Author ?? string.Empty)}{(exactWords ? "&exact=on" : string.Empty)}&page={p}";
        if (error is not null)
        {
            body.Append("<p class=\"error\">").Append(E(error)).Append("</p>");
        }
        else if (results is not null)
        {
            foreach (string note in results.Notes)
            {
                body.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
            }

            if (results.Suggestion is { } suggestion)
            {
                body.Append("<p class=\"suggestion\">Did you mean <a href=\"").Append(E(link(suggestion, 0, exact))).Append("\">").Append(E(suggestion)).Append("</a>?</p>");
            }

            IReadOnlyList<SearchHit> hits = results.Hits;
            body.Append(hits.Count == 0 ? "<p>No book matches.</p>" : "<ol class=\"hits\" start=\"" + Invariant(page * PageSize + 1) + "\">");
            foreach (SearchHit hit in hits)
            {
                body.Append("<li><a href=\"/book/").Append(Invariant(hit.Id)).Append("\">").Append(E(hit.Title)).Append("</a> <span class=\"meta\">")
                    .Append(E(hit.Author ?? "unknown author")).Append(" · ").Append(E(hit.Shelf)).Append(" · ").Append(E(hit.Format))
                    .Append(hit.IsCorrected ? " · with a typo corrected" : string.Empty).Append("</span><br>")
                    .Append(Snippet(hit)).Append("</li>");
            }

            if (hits.Count > 0)
            {
                body.Append("</ol>");
            }

            if (page > 0)
            {
                body.Append("<a rel=\"prev\" href=\"").Append(E(link(query, page - 1, exact))).Append("\">← previous</a> ");
            }

            if (more)
            {
                body.Append("<a rel=\"next\" href=\"").Append(E(link(query, page + 1, exact))).Append("\">next →</a>");
            }
        }

        return Layout("Search", body.ToString());
    }

    /// <summary>A book's page: its record, then each of its files (format, size, path), with a download link when files are served.</summary>
    public static string Book(CatalogBook book, bool downloads)
    {
        var body = new StringBuilder("<h1>").Append(E(book.Title)).Append("</h1><table>");
        foreach (var (label, value) in BookRecord.Fields(book).Where(f => f.Label is not ("id" or "title")))
        {
            body.Append("<tr><th>").Append(label).Append("</th><td>").Append(E(value).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</td></tr>");
        }

        body.Append("</table><h2>Files</h2><table><tr><th>format</th><th>size</th><th>file</th></tr>");
        for (int i = 0; i < book.AllFiles.Count; i++)
        {
            CatalogFile file = book.AllFiles[i];
            body.Append("<tr><td>").Append(E(file.Format.ToUpperInvariant())).Append("</td><td>").Append(Invariant(file.Bytes)).Append(" bytes</td><td>");
            if (downloads)
            {
                body.Append("<a href=\"").Append(E(Bookline.Web.BooklineEndpoints.DownloadPath(book.Id, i, file.Path))).Append("\" download>").Append(E(file.Path)).Append("</a>");
            }
            else
            {
                body.Append(E(file.Path));
            }

            body.Append("</td></tr>");
        }

        return Layout(book.Title, body.Append("</table>").ToString());
    }

    public static string Failures(IReadOnlyList<CatalogFailure> failures, IReadOnlyList<CatalogSkip> skipped)
    {
        var body = new StringBuilder("<h1>Failures</h1>");
        if (failures.Count == 0)
        {
            body.Append("<p>No failures: every book file found was cataloged.</p>");
        }
        else
        {
            body.Append("<table><tr><th>file</th><th>stage</th><th>reason</th><th>attempts</th></tr>");
            foreach (CatalogFailure failure in failures)
            {
                body.Append("<tr><td>").Append(E(failure.Path)).Append("</td><td>").Append(E(failure.Stage)).Append("</td><td>").Append(E(failure.Reason))
                    .Append("</td><td>").Append(Invariant(failure.Attempts)).Append("</td></tr>");
            }

            body.Append("</table>");
        }

        if (skipped.Count > 0)
        {
            body.Append("<h2>Skipped: not books</h2><table><tr><th>file</th><th>reason</th></tr>");
            foreach (CatalogSkip skip in skipped)
            {
                body.Append("<tr><td>").Append(E(skip.Path)).Append("</td><td>").Append(E(skip.Reason)).Append("</td></tr>");
            }

            body.Append("</table>");
        }

        return Layout("Failures", body.ToString());
    }

    public static string Statistics(CatalogStatus status)
    {
        var body = new StringBuilder("<h1>Statistics</h1><p>")
            .Append(Invariant(status.Books)).Append(" books, ").Append(Invariant(status.Failures)).Append(" failed files, ").Append(Invariant(status.Skipped)).Append(" skipped as not books.</p>");
        foreach (var (what, counts) in new[] { ("shelf", status.ByShelf), ("format", status.ByFormat) })
        {
            body.Append("<table><tr><th>").Append(what).Append("</th><th>books</th></tr>");
            foreach (var (name, count) in counts)
            {
                body.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(Invariant(count)).Append("</td></tr>");
            }

            body.Append("</table><br>");
        }

        return Layout("Statistics", body.ToString());
    }

    /// <summary>The live dashboard of the scan running in this process, filled by server-sent events.</summary>
    public static string Live(string library) => Layout("Live scan", new StringBuilder("<h1>Scanning ").Append(E(library)).Append("</h1>")
        .Append("<p id=\"status\">Waiting for the first event…</p>")
        .Append("<table id=\"stages\"><thead><tr><th>stage</th><th colspan=\"2\">queue</th><th>done</th><th>failed</th><th>working</th><th>per second, since the start</th></tr></thead><tbody></tbody></table>")
        .Append("<h2>Workers</h2><ul id=\"workers\"></ul>")
        .Append("<h2>Failures</h2><table id=\"failures\"><thead><tr><th>file</th><th>stage</th><th>reason</th><th>attempts</th></tr></thead><tbody></tbody></table>")
        .Append("<script>").Append(LiveScript).Append("</script>").ToString());

    public static string NotFound(string what) => Layout("Not found", "<p>" + E(what) + "</p>");

    /// <summary>The snippet with its matched words marked: each piece of text is encoded on its own, then wrapped.</summary>
    private static string Snippet(SearchHit hit)
    {
        var html = new StringBuilder();
        int at = 0;
        foreach (Highlight highlight in hit.Highlights)
        {
            html.Append(E(hit.Snippet[at..highlight.Start])).Append("<mark>").Append(E(hit.Snippet.Substring(highlight.Start, highlight.Length))).Append("</mark>");
            at = highlight.Start + highlight.Length;
        }

        return html.Append(E(hit.Snippet[at..])).ToString();
    }

    private static string Layout(string title, string body) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)} · Bookline</title><style>{Style}</style></head>"
        + "<body><nav><a href=\"/\">Search</a><a href=\"/failures\">Failures</a><a href=\"/stats\">Statistics</a><a href=\"/live\">Live scan</a></nav>" + body + "</body></html>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
