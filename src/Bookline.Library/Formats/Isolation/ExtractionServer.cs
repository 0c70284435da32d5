using System.Globalization;

namespace Bookline.Library.Formats.Isolation;

/// <summary>
/// The loop of an extraction process (<c>bookline extract</c>): reads one request at a time from
/// its input, reads the file it names, and writes the book or the reason back, until Bookline closes
/// the input. Bookline ends the process when a read passes its time limit; the process ends itself
/// when it runs out of memory or when Bookline is gone.
/// </summary>
public static class ExtractionServer
{
    /// <summary>
    /// Memory a read may allocate before the process gives its heap back to the system afterwards:
    /// only after the largest files (a compacting collection after every read made 180 PDFs take half
    /// again as long; after these only, 2% on the corpus, and the processes' peak is a sixth lower).
    /// </summary>
    private const long TrimAfterBytes = 256L * 1024 * 1024;

    /// <summary>Serves requests until the input ends.</summary>
    /// <param name="input">Requests (the process's standard input).</param>
    /// <param name="output">Answers (the process's standard output; nothing else may write there).</param>
    /// <returns>The process's exit code: 0 when the input ended, 3 after running out of memory, 2 on a request it cannot understand.</returns>
    public static int Run(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using Timer orphaned = WatchParent();
        (BinaryReader reader, BinaryWriter writer) = ExtractionProtocol.Over(input, output);
        using (reader)
        using (writer)
        {
            while (true)
            {
                ExtractionProtocol.Request? next;
                try
                {
                    next = ExtractionProtocol.ReadRequest(reader);
                }
                catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or IOException)
                {
                    Console.Error.WriteLine($"bookline extract: {exception.Message}");
                    return 2;
                }

                if (next is not { } request)
                {
                    return 0;
                }

                // A reader for each request, with the request's limits: making one is nothing next to reading a file.
                using var books = new BookReader(limits: request.Limits);
                long allocated = GC.GetTotalAllocatedBytes();
                try
                {
                    ExtractionProtocol.WriteBook(writer, books.ReadAs(request.Format, request.Path, CancellationToken.None));
                }
                catch (BookReadException exception)
                {
                    ExtractionProtocol.WriteFailure(writer, ExtractionProtocol.Outcome.Failed, exception.Message);
                }
                catch (NotSupportedException exception)
                {
                    ExtractionProtocol.WriteFailure(writer, ExtractionProtocol.Outcome.NotSupported, exception.Message);
                }
                catch (Exception exception) when (BookFile.Unreadable(exception) is { } unreadable)
                {
                    ExtractionProtocol.WriteFailure(writer, ExtractionProtocol.Outcome.Failed, unreadable.Message);
                }
                catch (OutOfMemoryException exception)
                {
                    // What the heap holds now is whatever the failed read left: a new process starts clean.
                    ExtractionProtocol.WriteFailure(writer, ExtractionProtocol.Outcome.OutOfMemory, exception.Message);
                    return 3;
                }

                if (GC.GetTotalAllocatedBytes() - allocated > TrimAfterBytes)
                {
                    // A large read leaves a large heap: give it back, so that the memory of a scan follows
                    // what is being read now, not the largest file read so far.
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }
            }
        }
    }

    /// <summary>
    /// Ends this process once the process that started it is gone (it was then adopted by another):
    /// a read that never finishes must not outlive the scan that asked for it.
    /// </summary>
    private static Timer WatchParent()
    {
        int parent = ParentId();
        return new Timer(_ =>
        {
            if (ParentId() != parent)
            {
                Environment.Exit(4);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>This process's parent, from /proc (the fourth field of its stat line, after the name in parentheses); 0 where there is no /proc.</summary>
    private static int ParentId()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }
}
