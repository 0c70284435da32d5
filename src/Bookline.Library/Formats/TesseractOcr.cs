using System.ComponentModel;
using System.Diagnostics;

namespace Bookline.Library.Formats;

/// <summary>
/// Optical character recognition through Debian's <c>tesseract</c> command, run as a process (one
/// thread each, so that several scan workers share the cores fairly).
/// </summary>
/// <remarks>
/// Each tesseract runs in a session of its own (through util-linux's <c>setsid</c> where it is
/// installed), so the Ctrl+C a terminal sends to Bookline's process group, or the signal
/// <c>timeout</c> and service managers send to it, does not kill it: a file being recognized when
/// a scan is asked to stop is finished, not failed. Bookline ends the process itself when the read
/// is cancelled (an immediate stop, or the file's time limit).
/// </remarks>
public sealed class TesseractOcr
{
    /// <summary>One thread per tesseract: several scan workers then share the cores fairly.</summary>
    private static readonly Dictionary<string, string> OneThread = new(StringComparer.Ordinal) { ["OMP_THREAD_LIMIT"] = "1" };

    /// <summary>The most text one page may give: far more than a page holds.</summary>
    private const long MaxTextChars = 4 * 1024 * 1024;

    private readonly string _command;
    private readonly Lazy<bool> _available;

    /// <summary>Uses the given command, or <c>tesseract</c> from the PATH.</summary>
    /// <param name="command">The executable to run.</param>
    public TesseractOcr(string command = "tesseract")
    {
        _command = command;
        _available = new Lazy<bool>(Probe);
    }

    /// <summary>The reason a file fails when OCR is needed but not installed.</summary>
    public const string NotAvailable = "OCR not available (install tesseract-ocr)";

    /// <summary>True when the command runs.</summary>
    public bool IsAvailable => _available.Value;

    /// <summary>Reads the text in an image file (PNG, TIFF, JPEG).</summary>
    /// <param name="imagePath">The image.</param>
    /// <param name="cancellationToken">Ends the tesseract process; the call then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The recognized text.</returns>
    /// <exception cref="BookReadException">OCR is not installed, or it failed on this image.</exception>
    public string Recognize(string imagePath, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsAvailable)
        {
            throw new BookReadException(NotAvailable);
        }

        ToolProcess.Result result;
        try
        {
            result = ToolProcess.Run(_command, [imagePath, "stdout", "-l", "eng"], MaxTextChars, cancellationToken, OneThread);
        }
        catch (Win32Exception)
        {
            throw new BookReadException(NotAvailable);
        }

        if (result.ExitCode != 0)
        {
            throw new BookReadException(result.Error.Length > 0
                ? $"OCR failed: {result.Error}"
                : FormattableString.Invariant($"OCR failed: tesseract exited with code {result.ExitCode} and said nothing"));
        }

        return result.Output;
    }

    private bool Probe() => ToolProcess.Runs(_command, "--version");
}
