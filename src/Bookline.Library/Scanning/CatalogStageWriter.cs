using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Pipelines;

namespace Bookline.Library.Scanning;

/// <summary>
/// The catalog stage's writer: the stage hands it a batch of entries (a pipeline batch stage), which goes to the catalog in
/// one transaction (in several when its texts are very large), with the failures and skips the entries carry. A batch that
/// fails is thrown back to the stage, which retries it, then splits it, so that a book the catalog refuses fails alone and
/// the others are written; its deliveries are acknowledged only once written.
/// </summary>
/// <remarks>
/// The catalog stage has one worker; dead letters of the other stages are recorded from their workers, under the same gate
/// as a batch, so the catalog sees one writer at a time.
/// </remarks>
internal sealed class CatalogStageWriter(ICatalogWriter catalog, int batchSize) : IDisposable
{
    /// <summary>The texts of one transaction hold at most this many characters, however few books that is: memory stays bounded with large books.</summary>
    public const long MaxBatchCharacters = 16 * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _bytes;

    /// <summary>The most entries in one batch.</summary>
    public int BatchSize => batchSize;

    public int Cataloged { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Files that could not be read among formats of a book that could.</summary>
    public int Unreadable { get; private set; }

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Writes one batch: its books, then the failures and skips it carries. Throws when the catalog refuses it; nothing is counted then.</summary>
    public async ValueTask WriteBatchAsync(IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken)
    {
        // The latest entry of a book wins, as a book read twice (a change while the scan ran) is one book.
        var byKey = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (CatalogEntry entry in entries)
        {
            byKey[entry.Book.Key] = entry;
        }

        List<BookToIndex> books = [.. byKey.Values.Select(e => e.Indexed).OfType<BookToIndex>()];
        List<CatalogFailure> failed = [.. byKey.Values.SelectMany(e => e.Failed)];
        List<CatalogSkip> skipped = [.. byKey.Values.SelectMany(e => e.Skipped)];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Writing a book again replaces it, so a batch retried after a part of it was written is harmless.
            foreach (List<BookToIndex> part in InParts(books))
            {
                await catalog.WriteAsync(part, cancellationToken).ConfigureAwait(false);
            }

            // Recording replaces the path's earlier record, so a repeat after a failed batch is harmless.
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

        Cataloged += books.Count;
        Skipped += skipped.Count;
        Unreadable += failed.Count;
        Interlocked.Add(ref _bytes, books.Sum(b => b.Book.AllFiles.Sum(f => f.Bytes)));
    }

    /// <summary>The books in transactions whose texts hold at most <see cref="MaxBatchCharacters"/> (a larger book alone).</summary>
    private static IEnumerable<List<BookToIndex>> InParts(List<BookToIndex> books)
    {
        var part = new List<BookToIndex>();
        long characters = 0;
        foreach (BookToIndex book in books)
        {
            long size = book.Text.Length;
            if (part.Count > 0 && characters + size > MaxBatchCharacters)
            {
                yield return part;
                part = [];
                characters = 0;
            }

            part.Add(book);
            characters += size;
        }

        if (part.Count > 0)
        {
            yield return part;
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Records an item that failed its last attempt at any stage, with the reason a librarian can act on.</summary>
    public async Task RecordFailureAsync(DeadLetter failure, CancellationToken cancellationToken)
    {
        FoundBook book = FoundBook.Of(failure.Item) ?? throw new InvalidOperationException("A dead letter carries an unexpected item.");
        string reason = failure.Exception is BookReadException && failure.TimedOut is null ? failure.Exception.Message
            : failure.Stage == "catalog" && failure.TimedOut is null ? $"the catalog refused it: {failure.Exception.Message}"
            : failure.Reason;
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
