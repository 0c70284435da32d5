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
/// <remarks>The catalog stage has one worker, so batches need no lock; dead letters of other stages come from other workers and take the lock.</remarks>
internal sealed class CatalogStageWriter(ICatalog catalog, int batchSize)
{
    /// <summary>A batch is written once its texts hold this many characters, however few books it has: memory stays bounded with large books.</summary>
    public const long MaxBatchCharacters = 16 * 1024 * 1024;

    private readonly Dictionary<string, CatalogEntry> _pending = new(StringComparer.Ordinal);
    private readonly Lock _catalogLock = new();
    private long _bytes;
    private long _pendingCharacters;

    public int Cataloged { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Files that could not be read among formats of a book that could.</summary>
    public int Unreadable { get; private set; }

    /// <summary>Books the catalog refused on their own (recorded as catalog failures), after their batch failed.</summary>
    public int Refused { get; private set; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(CatalogEntry entry)
    {
        _pending[entry.Book.Key] = entry;
        _pendingCharacters += entry.Text?.Length ?? 0;
        if (_pending.Count >= batchSize || _pendingCharacters >= MaxBatchCharacters)
        {
            Flush();
        }
    }

    /// <summary>Takes out an entry the catalog stage gave up on.</summary>
    public void Forget(CatalogEntry entry) => _pending.Remove(entry.Book.Key);

    public void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var books = _pending.Values.Where(e => e.Record is not null).Select(e => (e.Record!, e.Text!)).ToList();
        List<CatalogFailure> unread = [.. _pending.Values.SelectMany(e => e.Unread)];
        int refused = 0;
        lock (_catalogLock)
        {
            if (books.Count > 0)
            {
                try
                {
                    catalog.Write(books);
                }
                catch (Exception exception) when (books.Count > 1 && !CatalogErrors.IsOutage(exception))
                {
                    // Without this, the refused book would stay pending and fail every flush after it:
                    // the rest of the scan would fail with it.
                    refused = WriteOneByOne(books);
                }
            }

            foreach (CatalogFailure file in unread)
            {
                // Recording a failure replaces the path's earlier record, so a repeat after a failed flush is harmless.
                catalog.RecordFailure(file with { FailedUtc = DateTimeOffset.UtcNow });
            }
        }

        Cataloged += books.Count - refused;
        Refused += refused;
        Skipped += unread.Count(f => f.Stage == LibraryScanner.SkippedStage);
        Unreadable += unread.Count(f => f.Stage != LibraryScanner.SkippedStage);
        Interlocked.Add(ref _bytes, books.Sum(b => b.Item1.AllFiles.Sum(f => f.Bytes)));
        _pending.Clear();
        _pendingCharacters = 0;
    }

    /// <summary>Writes each book in its own transaction; a book refused alone is recorded as a catalog failure. Returns how many were refused.</summary>
    private int WriteOneByOne(List<(CatalogBook Book, string Text)> books)
    {
        int refused = 0;
        foreach (var (book, text) in books)
        {
            try
            {
                catalog.Write([(book, text)]);
            }
            catch (Exception exception) when (!CatalogErrors.IsOutage(exception))
            {
                foreach (CatalogFile file in book.AllFiles)
                {
                    catalog.RecordFailure(new CatalogFailure(file.Path, book.Shelf, "catalog", $"the catalog refused it: {exception.Message}", 1, DateTimeOffset.UtcNow));
                }

                refused++;
            }
        }

        return refused;
    }

    /// <summary>Records an item that failed its last attempt at any stage, with the reason a librarian can act on.</summary>
    public void RecordFailure(DeadLetter failure)
    {
        FoundBook book = FoundBook.Of(failure.Item) ?? throw new InvalidOperationException("A dead letter carries an unexpected item.");
        string reason = failure.Exception is BookReadException && failure.TimedOut is null ? failure.Exception.Message : failure.Reason;
        lock (_catalogLock)
        {
            foreach (FoundFile file in book.Files)
            {
                catalog.RecordFailure(new CatalogFailure(file.RelativePath, file.Shelf, failure.Stage, reason, failure.Attempts, DateTimeOffset.UtcNow));
            }
        }
    }
}
