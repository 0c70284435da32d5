using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Pipelines;
using Bookline.Pipelines.Transport;

namespace Bookline.Library.Scanning;

/// <summary>
/// Scans a library (a folder whose subfolders are shelves) into a catalog through a pipeline:
/// find (one producer per shelf, grouping files into books) → scan (read each book's files, N workers)
/// → index (prepare what the catalog writes: the record, the text cleaned and cut into passages, M
/// workers) → catalog (one writer, batched transactions). Every queue is bounded, so memory stays
/// flat whatever the library's size. A rescan skips files whose size and content are unchanged.
/// </summary>
public sealed class LibraryScanner
{
    /// <summary>The shelf name for files directly in the library folder.</summary>
    public const string RootShelf = "(library)";

    private const int DefaultPriority = 100;

    /// <summary>How long a scan whose workers run elsewhere waits for a shared catalog that does not answer before it gives up.</summary>
    private static readonly TimeSpan OutageLimit = TimeSpan.FromMinutes(2);

    /// <summary>The most books with their text that wait between two stages (<see cref="TextQueueSize"/>).</summary>
    private const int MaxTextQueueSize = 2;

    /// <summary>Files a shelf's finder may have sent and not yet seen accepted.</summary>
    private const int FinderWindow = 64;
    private readonly BookReader? _reader;

    /// <summary>Creates a scanner.</summary>
    /// <param name="reader">Reads book files; null for every format Bookline supports, within <see cref="LibraryScanOptions.Limits"/>.</param>
    public LibraryScanner(BookReader? reader = null) => _reader = reader;

    /// <summary>Scans a library into a catalog.</summary>
    /// <param name="library">The library folder.</param>
    /// <param name="catalog">The catalog to write; used by this call alone while it runs.</param>
    /// <param name="options">Workers, queue size, time limit; null for the defaults.</param>
    /// <param name="onStarted">Receives the pipeline run as soon as it starts, for live progress.</param>
    /// <param name="stop">Stops gracefully: no new files, everything found so far is finished and written.</param>
    /// <param name="abort">Stops at once: running reads are abandoned; what was written stays written.</param>
    /// <returns>What the scan did.</returns>
    /// <exception cref="DirectoryNotFoundException">The library folder does not exist.</exception>
    public async Task<LibraryScanReport> ScanAsync(
        string library,
        ICatalog catalog,
        LibraryScanOptions? options = null,
        Action<PipelineRun<FoundBook>>? onStarted = null,
        CancellationToken stop = default,
        CancellationToken abort = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new LibraryScanOptions();
        options.Validate();
        string root = Path.GetFullPath(library);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The library '{library}' does not exist or is not a folder.");
        }

        IReadOnlyDictionary<string, KnownFile> known = await ThroughOutagesAsync(catalog.KnownFilesAsync, stop).ConfigureAwait(false);
        ILookup<string, string> knownByBook = known.ToLookup(k => k.Value.BookKey, k => k.Key, StringComparer.Ordinal);
        ILookup<long, KeyValuePair<string, KnownFile>> knownBySize = known.ToLookup(k => k.Value.Bytes);
        // When each file that failed or was skipped before got that outcome: it is not read again unless it changed since.
        var failedBefore = (await ThroughOutagesAsync(catalog.FailuresAsync, stop).ConfigureAwait(false)).ToDictionary(f => f.Path, f => f.FailedUtc, StringComparer.Ordinal);
        var skippedBefore = (await ThroughOutagesAsync(catalog.SkippedAsync, stop).ConfigureAwait(false)).ToDictionary(f => f.Path, f => f.SkippedUtc, StringComparer.Ordinal);
        var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var published = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        int found = 0, unchanged = 0, previouslyFailed = 0, previouslySkipped = 0, unsettled = 0;
        bool distributed = options.QueueFactory is not null;
        using var writer = new CatalogStageWriter(catalog, options.BatchSize);
        using BookReader? ownReader = _reader is null ? OwnReader(options) : null;
        Pipeline<FoundBook> pipeline = BuildPipeline(options, writer, _reader ?? ownReader!, distributed ? StageNames : [], recordFailuresAtOnce: false);
        var walker = new LibraryWalker(root, options.FollowLinks);
        var sidecarsFound = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // A calibre library's top-level folders are its authors, not shelves: it is one shelf; and its
        // database says what each book folder holds, metadata.opf or not.
        bool calibre = Sidecars.IsCalibreLibrary(root);
        IReadOnlyDictionary<string, (BookMetadata Metadata, DateTimeOffset? LastModified)> calibreBooks =
            calibre ? CalibreDatabase.Read(root) : new Dictionary<string, (BookMetadata, DateTimeOffset?)>();
        var sidecars = new Sidecars(root, folder => calibreBooks.ContainsKey(Path.GetRelativePath(root, folder).Replace('\\', '/')));

        async Task SendAsync(PipelineRun<FoundBook> run, FoundBook book, CancellationToken token)
        {
            await run.WriteAsync(book, token).ConfigureAwait(false);
            foreach (FoundFile file in book.Files)
            {
                published[file.RelativePath] = file.Bytes;
            }
        }

        // Unchanged: same size and time, or same size and the same content under a new time (a touch
        // or a copy), which only a hash can tell; hashing is far cheaper than reading.
        bool Unchanged(FoundFile file) =>
            file.NotFollowed is null && known.TryGetValue(file.RelativePath, out KnownFile? before) && before.Bytes == file.Bytes
            && (before.ModifiedUtc == file.ModifiedUtc || (!file.BeyondItsFile && before.Sha256 == Sha256Of(file.FullPath)));

        // A book's metadata changed without its files: an OPF or cover beside it, or calibre's record of
        // it, written after the catalog last wrote the book. A time later than this scan's start is a
        // clock that is wrong, not a change: taken as one, it would have the book read again by every
        // scan until that time came; an edit gives the file a time of its own, which is then seen.
        DateTimeOffset scanStarted = DateTimeOffset.UtcNow;
        bool MetadataChanged(List<FoundFile> files, DateTimeOffset? libraryChanged)
        {
            DateTimeOffset written = files.Min(f => known[f.RelativePath].BookUpdatedUtc);
            bool Since(DateTimeOffset? time) => time > written && time <= scanStarted;
            return Since(libraryChanged) || files.Any(f => Since(WrittenAt(f.MetadataFile)) || Since(WrittenAt(f.CoverFile)));
        }

        static DateTimeOffset? WrittenAt(string? sidecar) => sidecar is null ? null : new DateTimeOffset(File.GetLastWriteTimeUtc(sidecar), TimeSpan.Zero);

        // A book new to the catalog may be one it knows, moved or renamed: a known file of the same size whose place is empty
        // now is a candidate, confirmed by its hash once the book is read (ToEntry). Only a stat per same-size file is spent here.
        IReadOnlyList<KnownFile> MoveCandidates(string key, List<FoundFile> files) => knownByBook.Contains(key)
            ? []
            : [.. files.SelectMany(f => knownBySize[f.Bytes])
                .Where(k => !k.Key.Contains(Formats.ArchivePath.Separator, StringComparison.Ordinal) && !File.Exists(Path.Combine(root, k.Key)))
                .Select(k => k.Value)
                .DistinctBy(k => k.BookKey, StringComparer.Ordinal)];

        // The files of one folder, as books: each file that is not a sidecar, and did not fail before
        // without having been written since, goes into its book's group; a group is sent unless all its
        // files are unchanged and are all the files the catalog has for that book.
        IEnumerable<FoundBook> Books(List<WalkedEntry> entries, string shelf, int priority)
        {
            var groups = new List<(string Key, List<FoundFile> Files)>();
            var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
            HashSet<string>? unsettledBooks = null;
            string? folder = entries.Count > 0 ? Path.GetDirectoryName(entries[0].Path) : null;
            string? relativeFolder = folder is null ? null : Path.GetRelativePath(root, folder).Replace('\\', '/');
            (BookMetadata? libraryMetadata, DateTimeOffset? libraryChanged) = relativeFolder is not null && calibreBooks.TryGetValue(relativeFolder, out var known)
                ? (known.Metadata, known.LastModified)
                : (null, null);
            bool bookFolder = !options.OneBookPerFile && folder is not null && (libraryMetadata is not null || sidecars.IsBookFolder(folder));
            foreach (WalkedEntry entry in entries)
            {
                (string path, string? notFollowed) = entry;
                if (notFollowed is null && sidecars.KindOf(path) is { } kind)
                {
                    // Read with the books beside it, never a book or a failure of its own.
                    sidecarsFound[Path.GetRelativePath(root, path).Replace('\\', '/')] = Sidecars.NameOf(kind);
                    continue;
                }

                string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                seen[relative] = 0;
                Interlocked.Increment(ref found);
                FileInfo? info = entry.Stamp is null ? new FileInfo(path) : null;
                bool regular = notFollowed is null && (info is null || info.Exists);
                DateTimeOffset modified = !regular ? DateTimeOffset.MinValue : info?.LastWriteTimeUtc ?? entry.Stamp!.Value.ModifiedUtc;
                long bytes = !regular ? 0 : info?.Length ?? entry.Stamp!.Value.Bytes;
                // A file that failed (or was skipped) before is not read again, unless asked or unless it
                // was written since: a file that was fixed is read as soon as it is.
                if (!options.RetryFailed && failedBefore.TryGetValue(relative, out DateTimeOffset failedUtc) && modified <= failedUtc)
                {
                    Interlocked.Increment(ref previouslyFailed);
                    continue;
                }

                if (!options.RetryFailed && skippedBefore.TryGetValue(relative, out DateTimeOffset skippedUtc) && modified <= skippedUtc)
                {
                    Interlocked.Increment(ref previouslySkipped);
                    continue;
                }

                (string? metadataFile, string? coverFile) = notFollowed is null ? sidecars.For(path) : (null, null);
                var file = new FoundFile(shelf, path, relative, bytes, modified, priority)
                {
                    BeyondItsFile = entry.Stamp is not null,
                    NotFollowed = notFollowed,
                    MetadataFile = metadataFile,
                    CoverFile = coverFile,
                };
                string key = BookKeyOf(relative, notFollowed is not null, bookFolder, options.OneBookPerFile);
                if (regular && options.SettleTime > TimeSpan.Zero && modified > scanStarted - options.SettleTime)
                {
                    // Maybe still being written: its whole book waits for a later scan (seen, so not removed either).
                    (unsettledBooks ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
                }

                if (groupOf.TryGetValue(key, out int group))
                {
                    groups[group].Files.Add(file);
                }
                else
                {
                    groupOf[key] = groups.Count;
                    groups.Add((key, [file]));
                }
            }

            if (folder is not null)
            {
                sidecars.Forget(folder); // the walk never comes back to a folder it left
            }

            foreach ((string key, List<FoundFile> files) in groups)
            {
                if (unsettledBooks?.Contains(key) == true)
                {
                    Interlocked.Add(ref unsettled, files.Count);
                    continue;
                }

                if (files.TrueForAll(Unchanged) && knownByBook[key].Count() == files.Count && !MetadataChanged(files, libraryChanged))
                {
                    Interlocked.Add(ref unchanged, files.Count);
                    continue;
                }

                yield return new FoundBook(shelf, key, files, priority) { LibraryMetadata = libraryMetadata, MoveCandidates = MoveCandidates(key, files) };
            }
        }

        Func<PipelineRun<FoundBook>, CancellationToken, Task> ShelfFinder(IEnumerable<WalkedEntry> entries, string shelf) => async (run, token) =>
        {
            int priority = options.ShelfPriorities.TryGetValue(shelf, out int p) ? p : DefaultPriority;
            // A broker confirms each book only once it is on disk: waiting for each before sending
            // the next would cap a shelf at a few hundred books a second, so a window stays in flight.
            var sending = new List<Task>(FinderWindow);
            async Task SendFolderAsync(List<WalkedEntry> folderEntries)
            {
                foreach (FoundBook book in Books(folderEntries, shelf, priority))
                {
                    token.ThrowIfCancellationRequested();
                    Task send = SendAsync(run, book, token);
                    if (!send.IsCompletedSuccessfully)
                    {
                        sending.Add(send);
                    }

                    if (sending.Count >= FinderWindow)
                    {
                        await Task.WhenAll(sending).ConfigureAwait(false);
                        sending.Clear();
                    }
                }

                folderEntries.Clear();
            }

            // An archive of books is a folder of its own: its books are listed (grouped by their folder
            // inside it) once the folder it stands in is sent, so that the folder's books stay whole.
            // An archive that cannot be listed, or holds no book, is sent as a file: reading it says why.
            var archives = new List<string>();
            async Task SendArchivesAsync()
            {
                foreach (string archive in archives)
                {
                    IReadOnlyList<(string Path, long Bytes)> books;
                    try
                    {
                        books = ArchiveListing.Books(archive, options.Limits, token);
                    }
                    catch (Exception exception) when (exception is BookReadException or IOException or UnauthorizedAccessException)
                    {
                        books = [];
                    }

                    if (books.Count == 0)
                    {
                        await SendFolderAsync([new WalkedEntry(archive, null)]).ConfigureAwait(false);
                        continue;
                    }

                    DateTimeOffset modified = File.GetLastWriteTimeUtc(archive);
                    foreach (var folder in books.GroupBy(b => Path.GetDirectoryName(b.Path), StringComparer.Ordinal))
                    {
                        await SendFolderAsync([.. folder.Select(b => new WalkedEntry(b.Path, null) { Stamp = (b.Bytes, modified) })]).ConfigureAwait(false);
                    }
                }

                archives.Clear();
            }

            // The walk gives a folder's files together: they are grouped into books a folder at a time.
            // A link not followed is an entry of its own.
            var batch = new List<WalkedEntry>();
            foreach (WalkedEntry entry in entries)
            {
                token.ThrowIfCancellationRequested();
                if (entry.NotFollowed is not null)
                {
                    await SendFolderAsync([entry]).ConfigureAwait(false);
                    continue;
                }

                if (batch.Count > 0 && !string.Equals(Path.GetDirectoryName(batch[0].Path), Path.GetDirectoryName(entry.Path), StringComparison.Ordinal))
                {
                    await SendFolderAsync(batch).ConfigureAwait(false);
                    await SendArchivesAsync().ConfigureAwait(false);
                }

                if (ArchivePath.IsArchiveOfBooks(entry.Path))
                {
                    archives.Add(entry.Path);
                    continue;
                }

                batch.Add(entry);
            }

            await SendFolderAsync(batch).ConfigureAwait(false);
            await SendArchivesAsync().ConfigureAwait(false);
            await Task.WhenAll(sending).ConfigureAwait(false);
        };

        (IReadOnlyList<string> shelves, IReadOnlyList<WalkedEntry> shelvesNotFollowed) = walker.Shelves();
        var finders = new List<Func<PipelineRun<FoundBook>, CancellationToken, Task>> { ShelfFinder(walker.Entries(root, recursive: false).Concat(shelvesNotFollowed), RootShelf) };
        finders.AddRange(shelves.Select(d => ShelfFinder(walker.Entries(d, recursive: true), calibre ? RootShelf : Path.GetFileName(d))));

        DateTimeOffset since = await ThroughOutagesAsync(catalog.NowAsync, stop).ConfigureAwait(false);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        PipelineReport report;
        await using (PipelineRun<FoundBook> run = pipeline.Start(stop, abort))
        {
            onStarted?.Invoke(run);
            report = await run.RunProducersAsync(finders, stop).ConfigureAwait(false);
        }

        if (distributed)
        {
            // The workers of other processes do the rest: wait until the catalog has an outcome for every file sent.
            CatalogOutcomes outcomes = await WaitForOutcomesAsync(catalog, published, since, options, stop).ConfigureAwait(false);
            bool allSettled = outcomes.Total >= published.Count && report.Outcome == PipelineOutcome.Completed;
            int gone = allSettled ? await ThroughOutagesAsync(ct => catalog.MarkRemovedExceptAsync(seen.Keys.ToHashSet(StringComparer.Ordinal), ct), stop).ConfigureAwait(false) : 0;
            if (allSettled)
            {
                await ThroughOutagesAsync(ct => catalog.ReplaceSidecarsAsync(sidecarsFound, ct), stop).ConfigureAwait(false);
            }

            // The run's time is until the last outcome, not until the last file was sent.
            PipelineReport final = report with
            {
                Outcome = allSettled ? report.Outcome : PipelineOutcome.Stopped,
                Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started),
            };
            return new LibraryScanReport(final, found, unchanged, previouslyFailed, outcomes.Books, outcomes.Skipped + previouslySkipped, outcomes.Failed, gone, published.Values.Sum())
            {
                Sidecars = sidecarsFound.Count,
                Unsettled = unsettled,
            };
        }

        int removed = 0;
        try
        {
            // Each step may be done again after an outage: failures, removals and the index's merge are the
            // same when repeated (books are written by the catalog stage, or stay for the next scan). After a run the
            // catalog's outage already stopped, one try each: it has been waited for.
            TimeSpan patience = report.Failures.Any(f => f is StageOutageException) ? TimeSpan.Zero : OutageLimit;
            foreach (DeadLetter failure in report.DeadLetters)
            {
                await ThroughOutagesAsync(ct => writer.RecordFailureAsync(failure, ct), CancellationToken.None, patience).ConfigureAwait(false);
            }

            if (report.Outcome == PipelineOutcome.Completed)
            {
                removed = await ThroughOutagesAsync(ct => catalog.MarkRemovedExceptAsync(seen.Keys.ToHashSet(StringComparer.Ordinal), ct), CancellationToken.None, patience).ConfigureAwait(false);
                await ThroughOutagesAsync(ct => catalog.ReplaceSidecarsAsync(sidecarsFound, ct), CancellationToken.None, patience).ConfigureAwait(false);
            }

            if (writer.Cataloged > 0)
            {
                await ThroughOutagesAsync(catalog.OptimizeAsync, CancellationToken.None, patience).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (CatalogErrors.IsOutage(exception))
        {
            // What was not written stays out of the catalog, and the same scan run again reads it.
            report = report with
            {
                Outcome = PipelineOutcome.Aborted,
                Failures = report.Failures.Any(f => f is StageOutageException) ? report.Failures : [.. report.Failures, Unavailable(exception)],
            };
        }

        int failedFiles = report.DeadLetters.Sum(d => FoundBook.Of(d.Item)?.Files.Count ?? 1) + writer.Unreadable;
        return new LibraryScanReport(report, found, unchanged, previouslyFailed, writer.Cataloged, writer.Skipped + previouslySkipped, failedFiles, removed, writer.Bytes)
        {
            Sidecars = sidecarsFound.Count,
            Unsettled = unsettled,
        };
    }

    /// <summary>
    /// Runs some stages of the scan pipeline in this process on items from other processes, through
    /// <see cref="LibraryScanOptions.QueueFactory"/> (a broker), until <paramref name="stop"/>. The
    /// catalog stage writes each book before its delivery is acknowledged, and failures are recorded
    /// as they happen, so a worker killed at any moment loses nothing: the broker delivers again
    /// what it had not acknowledged.
    /// </summary>
    /// <param name="catalog">The shared catalog; books and failures are written to it.</param>
    /// <param name="options">The queue factory (required), workers per stage, time limit.</param>
    /// <param name="stages">The stages to work on here: some of <see cref="StageNames"/> ("scan", "index", "catalog").</param>
    /// <param name="onStarted">Receives the pipeline run as soon as it starts, for live progress.</param>
    /// <param name="stop">Stops gracefully: no new deliveries; what this process holds is finished.</param>
    /// <param name="abort">Stops at once: what this process holds goes back to the broker.</param>
    /// <returns>What this worker did.</returns>
    /// <exception cref="ArgumentException">No queue factory, or an unknown stage.</exception>
    public async Task<PipelineReport> RunWorkerAsync(
        ICatalog catalog,
        LibraryScanOptions options,
        IReadOnlyCollection<string> stages,
        Action<PipelineRun<FoundBook>>? onStarted = null,
        CancellationToken stop = default,
        CancellationToken abort = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stages);
        options.Validate();
        if (options.QueueFactory is null)
        {
            throw new ArgumentException("A worker needs a queue factory that other processes share (a broker).", nameof(options));
        }

        if (stages.Count == 0 || stages.Any(s => !StageNames.Contains(s)))
        {
            throw new ArgumentException($"Stages must be some of {string.Join(", ", StageNames)}; got '{string.Join(",", stages)}'.", nameof(stages));
        }

        // Batches of one: a batch larger than the broker's prefetch would wait for deliveries it holds back.
        using var writer = new CatalogStageWriter(catalog, batchSize: 1);
        using BookReader? ownReader = _reader is null ? OwnReader(options) : null;
        Pipeline<FoundBook> pipeline = BuildPipeline(options, writer, _reader ?? ownReader!, [.. StageNames.Except(stages)], recordFailuresAtOnce: true);
        await using PipelineRun<FoundBook> run = pipeline.Start(stop, abort);
        onStarted?.Invoke(run);
        return await run.Completion.ConfigureAwait(false);
    }

    /// <summary>The scan pipeline's stages, in order.</summary>
    public static IReadOnlyList<string> StageNames { get; } = ["scan", "index", "catalog"];

    /// <summary>The reader a run makes for itself when it was given none; the run disposes it (ending its extraction processes, which start only when a PDF is read).</summary>
    private static BookReader OwnReader(LibraryScanOptions options) =>
        new(limits: options.Limits, ocrComics: options.OcrComics, extractor: options.Extractor);

    private static Pipeline<FoundBook> BuildPipeline(LibraryScanOptions options, CatalogStageWriter writer, BookReader reader, IReadOnlyCollection<string> remoteStages, bool recordFailuresAtOnce)
    {
        return Pipeline.Create<FoundBook>(
                new PipelineOptions
                {
                    Name = "scan",
                    OnEvent = options.OnEvent,
                    Logger = options.Logger,
                    QueueFactory = options.QueueFactory ?? InMemoryWorkQueueFactory.Instance,
                    RemoteStages = remoteStages,
                    DeadLetterSink = async (letter, _) =>
                    {
                        if (recordFailuresAtOnce)
                        {
                            // The failure must be in the catalog before the item leaves its queue: through
                            // a short outage this waits; through a long one it throws, and the item stays.
                            await ThroughOutagesAsync(ct => writer.RecordFailureAsync(letter, ct), CancellationToken.None).ConfigureAwait(false);
                        }
                    },
                },
                priority: Comparer<FoundBook>.Create(static (a, b) => a.Priority.CompareTo(b.Priority)))
            .Transform("scan", (book, ct) => ScanBookAsync(reader, book, ct), new StageOptions { Workers = options.ScanWorkers, Capacity = options.QueueSize, Timeout = options.FileTimeout })
            // Everything the catalog's one writer would otherwise do itself and need not: it only writes.
            .Transform("index", (scanned, _) => ValueTask.FromResult(ToEntry(scanned)), new StageOptions { Workers = options.IndexWorkers, Capacity = TextQueueSize(options) })
            // One worker: this is the catalog's only writer in this process. A batch goes when full, or a second after its
            // first book (a trickle of changes is written soon); a batch of one goes at once.
            .SinkBatch(
                "catalog",
                writer.WriteBatchAsync,
                new BatchOptions { Size = writer.BatchSize, MaxDelay = writer.BatchSize > 1 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero },
                new StageOptions { Workers = 1, Capacity = TextQueueSize(options), Retry = options.CatalogRetry, IsOutage = CatalogErrors.IsOutage });
    }

    /// <summary>
    /// The key that makes files one book: a calibre book folder's path; elsewhere the folder and the
    /// name without its last extension, in lower case (calibre's rule when it adds a folder); a file's
    /// own path when books are not grouped, and for a link the walk did not follow.
    /// </summary>
    private static string BookKeyOf(string relative, bool notFollowed, bool bookFolder, bool oneBookPerFile)
    {
        if (notFollowed || oneBookPerFile)
        {
            return relative;
        }

        int slash = relative.LastIndexOf('/');
        string folder = slash < 0 ? string.Empty : relative[..slash];
        if (bookFolder)
        {
            return folder.Length == 0 ? "." : folder;
        }

        string stem = Path.GetFileNameWithoutExtension(relative[(slash + 1)..]).ToLowerInvariant();
        return folder.Length == 0 ? stem : folder + "/" + stem;
    }

    /// <summary>
    /// The bound of the queues whose items carry a book's whole text (index and catalog): a few are
    /// enough to keep the stages busy, and a book's text can be tens of megabytes.
    /// </summary>
    private static int TextQueueSize(LibraryScanOptions options) => Math.Min(options.QueueSize, MaxTextQueueSize);

    private static async Task<CatalogOutcomes> WaitForOutcomesAsync(ICatalog catalog, ConcurrentDictionary<string, long> published, DateTimeOffset since, LibraryScanOptions options, CancellationToken stop)
    {
        string[] paths = [.. published.Keys];
        long? unavailableSince = null;
        CatalogOutcomes outcomes = new(0, 0, 0);
        while (true)
        {
            try
            {
                outcomes = await catalog.OutcomesSinceAsync(paths, since, stop).ConfigureAwait(false);
                unavailableSince = null;
                options.OnOutcomes?.Invoke(outcomes, paths.Length);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return outcomes; // stopped waiting: the files stay queued on the broker for the workers
            }
            catch (Exception exception) when (CatalogErrors.IsOutage(exception))
            {
                // The shared catalog restarts or the connection dropped: the workers wait for it too, so wait.
                unavailableSince ??= System.Diagnostics.Stopwatch.GetTimestamp();
                if (System.Diagnostics.Stopwatch.GetElapsedTime(unavailableSince.Value) > OutageLimit)
                {
                    throw Unavailable(exception);
                }
            }

            if (outcomes.Total >= paths.Length || stop.IsCancellationRequested)
            {
                return outcomes;
            }

            try
            {
                await Task.Delay(options.OutcomePollInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped waiting: the files stay queued on the broker for the workers
            }
        }
    }

    /// <summary>
    /// Runs a catalog call outside the pipeline, trying again through an outage worth waiting for (a
    /// restart, a dropped connection) for up to <paramref name="patience"/> (<see cref="OutageLimit"/> by default); an outage that lasts, or a
    /// full disk, becomes a <see cref="CatalogUnavailableException"/>.
    /// </summary>
    private static async Task ThroughOutagesAsync(Func<CancellationToken, Task> call, CancellationToken stop, TimeSpan? patience = null) =>
        await ThroughOutagesAsync(async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, stop, patience).ConfigureAwait(false);

    private static async Task<T> ThroughOutagesAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken stop, TimeSpan? patience = null)
    {
        TimeSpan limit = patience ?? OutageLimit;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        TimeSpan delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                // A call under way is not cut short by a stop: what it writes is the scan's to keep.
                return await call(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (CatalogErrors.IsOutage(exception))
            {
                if (!CatalogErrors.IsWorthWaiting(exception) || System.Diagnostics.Stopwatch.GetElapsedTime(started) + delay > limit || stop.IsCancellationRequested)
                {
                    throw Unavailable(exception);
                }
            }

            await Task.Delay(delay, CancellationToken.None).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>An outage given up on: not worth waiting for any more, by anyone who catches it.</summary>
    private static CatalogUnavailableException Unavailable(Exception exception) =>
        exception is CatalogUnavailableException { IsWorthWaiting: false } given
            ? given
            : new CatalogUnavailableException($"{exception.Message.TrimEnd('.')}. Nothing was lost: run the same scan again once the catalog is back.", exception);

    /// <summary>
    /// The catalog record of a scanned book: its main file is its best readable format
    /// (<see cref="BookFormats.Preference"/>), which gives the text, the title and the metadata; every
    /// readable file is listed; the others are recorded as skipped or failed.
    /// </summary>
    private static CatalogEntry ToEntry(ScannedBook scanned)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        List<CatalogFailure> failed = [.. scanned.Files.Where(f => f.Book is null && f.Failure is not null).Select(f => new CatalogFailure(
            f.File.RelativePath, f.File.Shelf, "scan", f.Failure!, 1, now))];
        List<CatalogSkip> skipped = [.. scanned.Files.Where(f => f.Book is null && f.Failure is null).Select(f => new CatalogSkip(
            f.File.RelativePath, f.File.Shelf, f.SkipReason ?? "not a book", now))];
        List<ScannedFile> read = [.. scanned.Files.Where(f => f.Book is not null).OrderBy(Rank).ThenBy(f => f.File.RelativePath, StringComparer.Ordinal)];
        if (read.Count == 0)
        {
            return new CatalogEntry(scanned.Book, null, failed, skipped);
        }

        ScannedFile main = read[0];
        ExtractedBook book = main.Book!;
        List<CatalogFile> files = [.. read.Select(f => new CatalogFile(
            f.File.RelativePath, BookFormats.NameOf(f.Book!.Format), f.Book.Pages, f.Words, f.File.Bytes, f.Sha256, f.File.ModifiedUtc, f.Book.Encoding,
            f.Book.Warnings.Count == 0 ? null : string.Join('\n', f.Book.Warnings)))];
        CatalogFile first = files[0];
        var record = new CatalogBook(
            main.File.Shelf, first.Path, first.Format, book.Title, book.Author, book.Language, first.Pages, first.Words, first.Bytes, first.Sha256, first.ModifiedUtc, first.Encoding, first.Warnings)
        {
            Key = scanned.Book.Key,
            Files = files,
            Metadata = Completed(book),
            Cover = read.Select(f => f.Book!.Cover).FirstOrDefault(c => c is not null),
            PreviousKey = scanned.Book.MoveCandidates.FirstOrDefault(k => read.Any(f => f.Sha256 == k.Sha256))?.BookKey,
        };
        return new CatalogEntry(scanned.Book, BookToIndex.Prepare(record, book.Text), failed, skipped);
    }

    private static int Rank(ScannedFile file) => BookFormats.Rank(BookFormats.NameOf(file.Book!.Format));

    /// <summary>The book's metadata with the title, author and language the reader settled on filled in where it has none.</summary>
    private static BookMetadata Completed(ExtractedBook book) => book.Metadata.Over(new BookMetadata
    {
        Title = book.Title,
        Authors = book.Author is null ? [] : [book.Author],
        Languages = book.Language is null ? [] : [book.Language],
    }) with { Title = book.Title };

    /// <summary>
    /// Reads a book's files on a thread of their own and waits for them only until the stage's time
    /// limit or an immediate stop cancels the token. The token also reaches the reader, which ends what
    /// it can (an OCR process, an extraction process); read in this process, a PDF stops at the next
    /// page, and a single page that hangs keeps its thread (<see cref="LibraryScanOptions.Extractor"/>).
    /// </summary>
    private static async ValueTask<ScannedBook> ScanBookAsync(BookReader reader, FoundBook book, CancellationToken cancellationToken) =>
        await Task.Run(() => ScanBook(reader, book, cancellationToken), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads each file of a book. A book of one file fails as that file does; a format that cannot be
    /// read among others that can is recorded with its reason, and the book is cataloged from the rest.
    /// Only the main format's text goes on: the others' words are counted first.
    /// </summary>
    private static ScannedBook ScanBook(BookReader reader, FoundBook book, CancellationToken cancellationToken)
    {
        var files = new List<ScannedFile>(book.Files.Count);
        foreach (FoundFile file in book.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (book.Files.Count == 1)
            {
                files.Add(ScanFile(reader, file, book.LibraryMetadata, cancellationToken));
                continue;
            }

            try
            {
                files.Add(ScanFile(reader, file, book.LibraryMetadata, cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                files.Add(new ScannedFile(file, null, string.Empty, null) { Failure = exception.Message });
            }
        }

        if (files.TrueForAll(f => f.Failure is not null))
        {
            throw new BookReadException(string.Join("; ", files.Select(f => $"{Path.GetFileName(f.File.RelativePath)}: {f.Failure}")));
        }

        ScannedFile? main = files.Where(f => f.Book is not null).OrderBy(Rank).ThenBy(f => f.File.RelativePath, StringComparer.Ordinal).FirstOrDefault();
        return new ScannedBook(book, [.. files.Select(f => f.Book is null || f == main ? f : f with { Book = f.Book with { Text = string.Empty } })]);
    }

    private static ScannedFile ScanFile(BookReader reader, FoundFile file, BookMetadata? libraryMetadata, CancellationToken cancellationToken)
    {
        if (file.NotFollowed is { } reason)
        {
            return new ScannedFile(file, null, string.Empty, reason);
        }

        ExtractedBook book;
        try
        {
            book = reader.Read(file.FullPath, cancellationToken);
        }
        catch (NotSupportedException exception)
        {
            return new ScannedFile(file, null, string.Empty, exception.Message);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            // The read failed because it was stopped (a child process ended, a stream closed): not the file's fault.
            throw new OperationCanceledException("The read was stopped.", exception, cancellationToken);
        }
        catch (Exception exception) when (BookFile.Unreadable(exception) is { } unreadable)
        {
            throw unreadable;
        }

        // The reader hashed the file from the same open it read it from.
        return new ScannedFile(file, WithSidecars(book, file, libraryMetadata), book.Sha256 ?? Sha256Of(file.FullPath), null) { Words = book.Words };
    }

    /// <summary>
    /// The book with what is known of it beyond its file: the library's own catalog (calibre's
    /// metadata.db) first, then an OPF document beside it, then the file's own metadata, part by part;
    /// a cover file wins over a cover inside the book. A sidecar that cannot be read is a warning,
    /// never the book's failure.
    /// </summary>
    private static ExtractedBook WithSidecars(ExtractedBook book, FoundFile file, BookMetadata? libraryMetadata)
    {
        string? cover = file.CoverFile is { } coverFile
            ? RelativeTo(file, coverFile)
            : book.Cover is { } inside ? file.RelativePath + "!/" + inside : null;
        BookMetadata metadata = book.Metadata;
        var warnings = new List<string>(book.Warnings);
        if (file.MetadataFile is { } metadataFile)
        {
            try
            {
                metadata = PackageMetadata.ReadFile(metadataFile).Metadata.Over(metadata);
            }
            catch (Exception exception) when (exception is BookReadException or IOException or UnauthorizedAccessException)
            {
                warnings.Add($"{Path.GetFileName(metadataFile)} beside it cannot be read: {exception.Message}");
            }
        }

        if (libraryMetadata is not null)
        {
            metadata = libraryMetadata.Over(metadata);
        }

        if (ReferenceEquals(metadata, book.Metadata))
        {
            return book with { Cover = cover, Warnings = warnings };
        }

        return book with
        {
            Title = metadata.Title ?? book.Title,
            Author = metadata.Authors.Count > 0 ? metadata.Authors[0] : book.Author,
            Language = metadata.Languages.Count > 0 ? metadata.Languages[0] : book.Language,
            Metadata = metadata,
            Cover = cover,
            Warnings = warnings,
        };
    }

    /// <summary>A sidecar's path relative to the library, from the book file it stands beside.</summary>
    private static string RelativeTo(FoundFile file, string sidecar)
    {
        int cut = file.RelativePath.LastIndexOf('/');
        return (cut < 0 ? string.Empty : file.RelativePath[..(cut + 1)]) + Path.GetFileName(sidecar);
    }

    private static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
