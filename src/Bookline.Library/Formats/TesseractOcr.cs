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
    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
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

        using Process process = Start([imagePath, "stdout", "-l", "eng"]) ?? throw new BookReadException(NotAvailable);
        using CancellationTokenRegistration stop = cancellationToken.Register(static state => End((Process)state!), process);
        Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested(); // ended by us: not the image's fault
        if (process.ExitCode != 0)
        {
            string reason = error.Result.Trim();
            throw new BookReadException(reason.Length > 0
                ? $"OCR failed: {reason}"
                : FormattableString.Invariant($"OCR failed: tesseract exited with code {process.ExitCode} and said nothing"));
        }

        return text;
    }

    /// <summary>Starts the command in a session of its own, with its output read by the caller.</summary>
    private Process? Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(SetSid ?? _command) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (SetSid is not null)
        {
            start.ArgumentList.Add("--wait"); // setsid's exit code is then the command's
            start.ArgumentList.Add(_command);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";
        return Process.Start(start);
    }

    private static void End(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // it had exited already
        }
    }

    private bool Probe()
    {
        try
        {
            using Process? process = Start(["--version"]);
            if (process is null)
            {
                return false;
            }

            _ = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // setsid itself reports a command it cannot run with 126 (not executable) or 127 (not found).
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // not installed
        }
    }
}
