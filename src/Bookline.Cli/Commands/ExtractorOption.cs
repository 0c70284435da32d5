using System.CommandLine;
using Bookline.Library.Formats.Isolation;

namespace Bookline.Cli.Commands;

/// <summary>The option of the commands that read books (scan, worker) that chooses where PDFs are read.</summary>
internal static class ExtractorOption
{
    public static Option<bool> Create() => new("--pdf-in-process")
    {
        Description = "Read PDFs in this process rather than in extraction processes of their own (one per scan worker). "
            + "Saves starting them, but a PDF that hangs then keeps a worker's thread after its time limit, and one that swells takes this process's memory.",
    };

    /// <summary>The extractor the options ask for: this program in extract mode, unless PDFs are read in-process.</summary>
    public static ExtractorStart? From(bool inProcess) => inProcess ? null : ExtractCommand.Self();
}
