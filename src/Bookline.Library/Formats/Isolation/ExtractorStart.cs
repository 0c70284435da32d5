namespace Bookline.Library.Formats.Isolation;

/// <summary>
/// How to start a process that reads books for Bookline (<c>bookline extract</c>): the formats whose
/// reader can neither be cancelled nor bounded in memory (PDF) are read there, so that a file that
/// hangs or swells costs a process that is ended, not the scan.
/// </summary>
public sealed record ExtractorStart
{
    /// <summary>Describes the command that runs <see cref="ExtractionServer.Run"/> on its standard input and output.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    public ExtractorStart(string fileName, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        FileName = fileName;
        Arguments = arguments;
    }

    /// <summary>The program.</summary>
    public string FileName { get; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// The most memory one extraction process may take for its objects (the .NET GC's hard heap
    /// limit): a file that needs more fails with a reason that names the limit, and the process is
    /// replaced.
    /// </summary>
    /// <value>The default value is 1 GiB (the corpus's largest PDF, 7 MiB, needs about 130 MiB).</value>
    public long MemoryLimit { get; init; } = 1024L * 1024 * 1024;

    /// <summary>The smallest <see cref="MemoryLimit"/>: under it, the runtime may fail itself (a crash) rather than report the file that needed more.</summary>
    public const long SmallestMemoryLimit = 128L * 1024 * 1024;

    /// <summary>Checks that the memory limit leaves room for the runtime.</summary>
    /// <exception cref="ArgumentException">The limit is under <see cref="SmallestMemoryLimit"/>.</exception>
    public void Validate()
    {
        if (MemoryLimit < SmallestMemoryLimit)
        {
            throw new ArgumentException("An extraction process needs a memory limit of at least 128 MiB.");
        }
    }
}
