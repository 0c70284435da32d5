using Bookline.Library.Catalog;
using Bookline.Library.Formats;
using Bookline.Pipelines;
using Bookline.Pipelines.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookline.Library.Scanning;

/// <summary>How a library scan runs.</summary>
public sealed class LibraryScanOptions
{
    /// <summary>Workers reading files at once.</summary>
    /// <value>The default value is the processor count.</value>
    public int ScanWorkers { get; set; } = Environment.ProcessorCount;

    /// <summary>Workers of the index stage, which prepare each book for the catalog's one writer: its record built, its text cleaned and cut into passages.</summary>
    /// <value>The default value is 1.</value>
    public int IndexWorkers { get; set; } = 1;

    /// <summary>The bound of the queue of files waiting to be read; the queues of books read (which carry their text) hold at most 2.</summary>
    /// <value>The default value is 64.</value>
    public int QueueSize { get; set; } = 64;

    /// <summary>How long reading one file may take before it fails as timed out.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan FileTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Books written to the catalog per transaction.</summary>
    /// <value>The default value is 32.</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Read the pages of comics (CBZ, CBR, CB7) by OCR, so that their words are searched; slow (seconds
    /// a page) and only as good as tesseract on lettering. Otherwise a comic is cataloged by its metadata.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool OcrComics { get; set; }

    /// <summary>
    /// How to start the processes that read PDFs (<see cref="Formats.Isolation.ExtractionServer"/>), one
    /// per scan worker at most, started as needed and ended with the scan: a PDF that passes
    /// <see cref="FileTimeout"/> ends its process (freeing its thread, CPU and memory at once), and one
    /// that needs more than <see cref="Formats.Isolation.ExtractorStart.MemoryLimit"/> fails with that
    /// reason. Null to read PDFs in the scan's own process, where a page that never finishes keeps its thread.
    /// </summary>
    /// <value>The default value is null (the <c>bookline</c> command gives its own extract mode).</value>
    public Formats.Isolation.ExtractorStart? Extractor { get; set; }

    /// <summary>The most one file may cost to read (size per format, unpacked bytes and entries of an archive).</summary>
    /// <value>The default value is <see cref="ReadLimits.Default"/>.</value>
    public ReadLimits Limits { get; set; } = ReadLimits.Default;

    /// <summary>
    /// Follow links to folders outside the library. Links to folders inside it are never followed
    /// (the folder is read where it is), nor is a link to a folder the scan reads already.
    /// </summary>
    /// <value>The default value is false: such a link is skipped, with a reason that says so.</value>
    public bool FollowLinks { get; set; }

    /// <summary>
    /// Catalog each file as a book of its own. By default files are grouped into books as calibre
    /// groups them: all the files of a calibre book folder (one holding <c>metadata.opf</c>) are one
    /// book, and elsewhere files in one folder whose names differ only by their extension
    /// (<c>emma.epub</c>, <c>Emma.txt</c>) are one book in several formats.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool OneBookPerFile { get; set; }

    /// <summary>Scan again the files that failed in an earlier scan.</summary>
    /// <value>The default value is false.</value>
    public bool RetryFailed { get; set; }

    /// <summary>Lower numbers scan sooner, by shelf name; shelves not listed get 100.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, int> ShelfPriorities { get; set; } = new Dictionary<string, int>();

    /// <summary>
    /// How a catalog write that failed because the catalog was unavailable (busy, restarting, cut off)
    /// is tried again. Such failures are never a book's: once the attempts are spent the scan stops (an
    /// outage of its catalog stage), and the same scan run again carries on; a full disk stops it at
    /// once. A write the catalog refuses for a book's own sake is not retried; that book alone is
    /// recorded as failed.
    /// </summary>
    /// <value>The default value is 10 attempts, from 250 ms apart and doubling to 5 s: about half a minute.</value>
    public RetryOptions CatalogRetry { get; set; } = new()
    {
        MaxAttempts = 10,
        BaseDelay = TimeSpan.FromMilliseconds(250),
        MaxDelay = TimeSpan.FromSeconds(5),
        ShouldRetry = CatalogErrors.IsWorthWaiting,
    };

    /// <summary>Receives live events (a file done, retried or failed) from the workers' threads.</summary>
    /// <value>The default value is null: no events.</value>
    public Action<PipelineEvent>? OnEvent { get; set; }

    /// <summary>Where the scan's pipeline logs files that failed, failures of the run, stop and outcome (see <see cref="PipelineOptions.Logger"/>).</summary>
    /// <value>The default value is <see cref="NullLogger.Instance"/>: nothing is written.</value>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// The queues between stages. Null keeps them in this process. A broker's factory (such as
    /// Bookline.Transports.RabbitMq's) makes a scan only find files and send them to the workers of
    /// other processes (see <see cref="LibraryScanner.RunWorkerAsync"/>), then wait for their outcomes.
    /// </summary>
    /// <value>The default value is null.</value>
    public IWorkQueueFactory? QueueFactory { get; set; }

    /// <summary>How often a scan whose workers run elsewhere asks the catalog how far they are.</summary>
    /// <value>The default value is 500 ms.</value>
    public TimeSpan OutcomePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Receives, each time it is asked, how many of the files sent to other processes have an outcome, and of how many.</summary>
    /// <value>The default value is null.</value>
    public Action<CatalogOutcomes, int>? OnOutcomes { get; set; }

    /// <summary>
    /// How long a file must have gone unwritten before it is read: a book with a file written more recently may still be
    /// being copied, and is left, neither read nor marked removed, for a later scan (<see cref="LibraryScanReport.Unsettled"/>
    /// counts such files). Zero reads every file as it is (what a one-off scan does).
    /// </summary>
    /// <value>The default value is zero.</value>
    public TimeSpan SettleTime { get; set; }

    internal void Validate()
    {
        if (ScanWorkers < 1 || IndexWorkers < 1 || QueueSize < 1 || BatchSize < 1)
        {
            throw new ArgumentException("Scan workers, index workers, queue size and batch size must each be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(CatalogRetry);
        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
        ArgumentNullException.ThrowIfNull(Logger);
        if (FileTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The file timeout must be positive.");
        }

        if (SettleTime < TimeSpan.Zero)
        {
            throw new ArgumentException("The settle time must be zero or more.");
        }
    }
}
