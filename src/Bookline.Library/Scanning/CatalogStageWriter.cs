using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Pipelines;

namespace Bookline.Library.Scanning;

/// <summary>
/// The catalog stage's writer: entries wait, by book key, until a batch is full, then go to the catalog
/// in one transaction. A flush that fails keeps them all: the stage retries the item it was on
/// (finding it already pending), and an item that is given up is taken out again, so it ends as a
/// failure and never also as a book. A batch the catalog refuses for a reason that waiting will not
/// cure is written again book by book, so one book it cannot take fails alone.
/// </summary>
/// <remarks>
/// The catalog stage has one worker, so adding needs no lock; dead letters of the scan stage come from
/// its workers and are recorded under the same gate as a flush, so the catalog sees one writer at a time.
/// </remarks>
internal sealed class CatalogStageWriter(ICatalogWriter catalog, int batchSize) : IDisposable
{
    /// <summary>A batch is written once its texts hold this many characters, however few books it has: memory stays bounded with large books.</summary>
    public const long MaxBatchCharacters = 16 * 1024 * 1024;

    private readonly Dictionary<string, CatalogEntry> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _bytes;
    private long _pendingCharacters;

    public int Cataloged { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Files that could not be read among formats of a book that could.</summary>
    public int Unreadable { get; private set; }

    /// <summary>Books the catalog refused on their own (recorded as catalog failures), after their batch failed.</summary>
    public int Refused { get; private set; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public async ValueTask AddAsync(CatalogEntry entry, CancellationToken cancellationToken)
    {
        _pending[entry.Book.Key] = entry;
        _pendingCharacters += entry.Indexed?.Text.Length ?? 0;
        if (_pending.Count >= batchSize || _pendingCharacters >= MaxBatchCharacters)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes out an entry the catalog stage gave up on.</summary>
    public void Forget(CatalogEntry entry) => _pending.Remove(entry.Book.Key);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        List<BookToIndex> books = [.. _pending.Values.Select(e => e.Indexed).OfType<BookToIndex>()];
        List<CatalogFailure> failed = [.. _pending.Values.SelectMany(e => e.Failed)];
        List<CatalogSkip> skipped = [.. _pending.Values.SelectMany(e => e.Skipped)];
        int refused = 0;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (books.Count > 0)
            {
                try
                {
                    await catalog.WriteAsync(books, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (books.Count > 1 && !CatalogErrors.IsOutage(exception) && exception is not OperationCanceledException)
                {
                    // Without this, the refused book would stay pending and fail every flush after it:
                    // the rest of the scan would fail with it.
                    refused = await WriteOneByOneAsync(books, cancellationToken).ConfigureAwait(false);
                }
            }

            // Recording replaces the path's earlier record, so a repeat after a failed flush is harmless.
            foreach (CatalogFailure file in failed)
            {
                await catalog.RecordFailureAsync(file with { FailedUtc = DateTimeOffset.UtcNow }, cancellationToken).ConfigureAwait(false);
            }

            foreach (CatalogSkip file in skipped)
            {
                await catalog.RecordSkipAsync(file with { SkippedUtc = DateTimeOffset.UtcNow }, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        Cataloged += books.Count - refused;
        Refused += refused;
        Skipped += skipped.Count;
        Unreadable += failed.Count;
        Interlocked.Add(ref _bytes, books.Sum(b => b.Book.AllFiles.Sum(f => f.Bytes)));
        _pending.Clear();
        _pendingCharacters = 0;
    }

    /// <summary>Writes each book in its own transaction; a book refused alone is recorded as a catalog failure. Returns how many were refused.</summary>
    private async Task<int> WriteOneByOneAsync(List<BookToIndex> books, CancellationToken cancellationToken)
    {
        int refused = 0;
        foreach (BookToIndex book in books)
        {
            try
            {
                await catalog.WriteAsync([book], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!CatalogErrors.IsOutage(exception) && exception is not OperationCanceledException)
            {
                foreach (CatalogFile file in book.Book.AllFiles)
                {
                    await catalog.RecordFailureAsync(new CatalogFailure(file.Path, book.Book.Shelf, "catalog", $"the catalog refused it: {exception.Message}", 1, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
                }

                refused++;
            }
        }

        return refused;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Records an item that failed its last attempt at any stage, with the reason a librarian can act on.</summary>
    public async Task RecordFailureAsync(DeadLetter failure, CancellationToken cancellationToken)
    {
        FoundBook book = FoundBook.Of(failure.Item) ?? throw new InvalidOperationException("A dead letter carries an unexpected item.");
        string reason = failure.Exception is BookReadException && failure.TimedOut is null ? failure.Exception.Message : failure.Reason;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (FoundFile file in book.Files)
            {
                await catalog.RecordFailureAsync(new CatalogFailure(file.RelativePath, file.Shelf, failure.Stage, reason, failure.Attempts, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
