using System.Diagnostics;

namespace Bookline.Library.Formats;

/// <summary>
/// Optical character recognition through Debian's <c>tesseract</c> command, run as a process (one
/// thread each, so that several scan workers share the cores fairly).
/// </summary>
public sealed class TesseractOcr
{
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
    /// <returns>The recognized text.</returns>
    /// <exception cref="BookReadException">OCR is not installed, or it failed on this image.</exception>
    public string Recognize(string imagePath)
    {
        if (!IsAvailable)
        {
            throw new BookReadException(NotAvailable);
        }

        var start = new ProcessStartInfo(_command)
        {
            ArgumentList = { imagePath, "stdout", "-l", "eng" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using Process process = Process.Start(start) ?? throw new BookReadException(NotAvailable);
        Task<string> error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new BookReadException($"OCR failed: {error.Result.Trim()}");
        }

        return text;
    }

    private bool Probe()
    {
        try
        {
            using Process? process = Process.Start(new ProcessStartInfo(_command, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
