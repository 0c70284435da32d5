using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bookline.Library.Formats.Isolation;

/// <summary>
/// One extraction process and the pipes to it, used by one read at a time. A read that is
/// cancelled ends the process, which is what frees its thread, CPU and memory at once; a process
/// that ended, or answered out of turn, is not used again.
/// </summary>
internal sealed class ExtractorProcess : IDisposable
{
    private readonly Process _process;
    private readonly BinaryReader _answers;
    private readonly BinaryWriter _requests;
    private readonly long _memoryLimit;
    private readonly StringBuilder _errors = new();
    private bool _broken;

    private ExtractorProcess(Process process, long memoryLimit)
    {
        _process = process;
        _memoryLimit = memoryLimit;
        (_answers, _requests) = ExtractionProtocol.Over(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        process.ErrorDataReceived += (_, line) => KeepError(line.Data);
        process.BeginErrorReadLine();
    }

    /// <summary>The process's id.</summary>
    public int Id => _process.Id;

    /// <summary>False once the process ended or can no longer be trusted to answer in turn.</summary>
    public bool Usable => !_broken && !_process.HasExited;

    /// <summary>Starts a process.</summary>
    /// <exception cref="BookReadException">It cannot be started.</exception>
    public static ExtractorProcess Start(ExtractorStart start)
    {
        // In a session of its own (as the tools are): the Ctrl+C a terminal sends to Bookline's group
        // must not end a read that a graceful stop means to finish.
        var info = new ProcessStartInfo(ToolProcess.SetSid ?? start.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ToolProcess.SetSid is not null)
        {
            info.ArgumentList.Add(start.FileName); // without --wait, setsid becomes the program: the process is the reader itself
        }

        foreach (string argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // One read at a time: one heap of the server collector (its large young generation suits PdfPig's
        // many short-lived objects: 10-20% faster than the workstation collector, measured) and no
        // background collection. The hard limit turns a file that swells into an OutOfMemoryException
        // the process reports.
        info.Environment["DOTNET_gcServer"] = "1";
        info.Environment["DOTNET_GCHeapCount"] = "1";
        info.Environment["DOTNET_gcConcurrent"] = "0";
        info.Environment["DOTNET_GCHeapHardLimit"] = start.MemoryLimit.ToString("x", CultureInfo.InvariantCulture);
        try
        {
            Process process = Process.Start(info) ?? throw new BookReadException($"the extraction process ({start.FileName}) did not start");
            return new ExtractorProcess(process, start.MemoryLimit);
        }
        catch (Win32Exception exception)
        {
            throw new BookReadException($"the extraction process ({start.FileName}) cannot be started: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a file in the process.</summary>
    /// <exception cref="BookReadException">The file cannot be read, or the process ended while reading it.</exception>
    /// <exception cref="NotSupportedException">The file is not a book the format's reader reads.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled; the process has been ended.</exception>
    public ExtractedBook Read(ExtractionProtocol.Request request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using CancellationTokenRegistration end = cancellationToken.Register(static state => ((ExtractorProcess)state!).End(), this);
        try
        {
            ExtractionProtocol.WriteRequest(_requests, request);
            ExtractionProtocol.Answer answer = ExtractionProtocol.ReadAnswer(_answers, _memoryLimit);
            _broken |= answer.Last; // the process ends after it: the next read needs another
            return answer.Book ?? throw answer.Failure!;
        }
        catch (Exception exception) when (exception is IOException or EndOfStreamException or ObjectDisposedException or InvalidDataException)
        {
            End();
            // Waited for, so that when the read returns its process is gone, with what it held.
            if (_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.WaitForExit(); // ended: this also waits for the last of its error output
            }
            cancellationToken.ThrowIfCancellationRequested(); // ended by us, for its time limit or a stop: not the file's fault
            string error = LastError();
            if (_process.HasExited && _process.ExitCode is 128 + 1 or 128 + 2 or 128 + 15)
            {
                throw new ExtractorInterruptedException($"the process reading it ended without an answer ({ExitDescription()}){error}", exception);
            }

            throw new BookReadException(error.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
                ? ExtractionProtocol.OutOfMemory(_memoryLimit)
                : $"the process reading it ended without an answer ({ExitDescription()}){error}", exception);
        }
    }

    /// <summary>Ends the process now.</summary>
    public void End()
    {
        _broken = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // it had exited already
        }
    }

    /// <summary>Closes the input, which ends an idle process by itself, and ends it if it has not within a second.</summary>
    public void Dispose()
    {
        try
        {
            _requests.Dispose();
            _process.StandardInput.Dispose();
        }
        catch (IOException)
        {
            // the pipe is already gone
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(1)))
        {
            End();
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        _answers.Dispose();
        _process.Dispose();
    }

    private string ExitDescription()
    {
        if (!_process.HasExited)
        {
            return "it did not end when told to";
        }

        int code = _process.ExitCode;
        return code > 128 && code < 160 ? FormattableString.Invariant($"killed by signal {code - 128}") : FormattableString.Invariant($"exit code {code}");
    }

    private string LastError()
    {
        lock (_errors)
        {
            string text = _errors.ToString().Trim();
            return text.Length == 0 ? string.Empty : ": " + text;
        }
    }

    private void KeepError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_errors)
        {
            // The first lines say why (an out-of-memory crash, a missing runtime); a flood of them is cut.
            if (_errors.Length < 400)
            {
                _errors.Append(_errors.Length == 0 ? string.Empty : " ").Append(line.Trim());
            }
        }
    }
}
