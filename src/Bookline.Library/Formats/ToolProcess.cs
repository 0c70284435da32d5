using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Bookline.Library.Formats;

/// <summary>
/// Runs a Debian tool a reader needs (tesseract, djvutxt) in a session of its own (through
/// util-linux's <c>setsid</c> where it is installed), so the Ctrl+C a terminal sends to Bookline's
/// process group does not kill it: a file being read when a scan is asked to stop is finished, not
/// failed. Bookline ends the process itself when the read is cancelled, and stops reading its
/// output past a limit (the process is then ended too).
/// </summary>
internal static class ToolProcess
{
    /// <summary>util-linux's setsid, where it is installed: what starts a process in a session of its own.</summary>
    internal static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>What a run gave.</summary>
    public readonly record struct Result(int ExitCode, string Output, string Error, bool OutputCut);

    /// <summary>True when the command runs and exits 0 with these arguments (a version probe).</summary>
    public static bool Runs(string command, params string[] arguments)
    {
        try
        {
            return Run(command, arguments, 1 << 16, CancellationToken.None).ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // not installed
        }
    }

    /// <summary>Runs the command to its end, or until cancelled (then throws <see cref="OperationCanceledException"/>).</summary>
    /// <exception cref="Win32Exception">The command cannot be started.</exception>
    /// <param name="command">The tool.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="maxOutputChars">The most output read; past it the tool is ended and the result says so.</param>
    /// <param name="cancellationToken">Ends the tool.</param>
    /// <param name="environment">Variables to set for it.</param>
    /// <param name="ownSession">Runs it through setsid (for long runs, which a Ctrl+C must not cut short). setsid --wait now and then reports 0 for a command that failed, so a tool whose exit code matters and that runs briefly goes without.</param>
    public static Result Run(string command, IEnumerable<string> arguments, long maxOutputChars, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null, bool ownSession = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string? setSid = ownSession ? SetSid : null;
        var start = new ProcessStartInfo(setSid ?? command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (setSid is not null)
        {
            start.ArgumentList.Add("--wait"); // setsid's exit code is then the command's
            start.ArgumentList.Add(command);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new Win32Exception($"{command} did not start");
        using CancellationTokenRegistration stop = cancellationToken.Register(static state => End((Process)state!), process);
        Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = new StringBuilder();
        char[] buffer = new char[16384];
        bool cut = false;
        int read;
        while ((read = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > maxOutputChars)
            {
                output.Append(buffer, 0, (int)Math.Max(0, maxOutputChars - output.Length));
                cut = true;
                End(process);
                break;
            }

            output.Append(buffer, 0, read);
        }

        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested(); // ended by us: not the file's fault
        return new Result(cut ? 0 : process.ExitCode, output.ToString(), error.Result.Trim(), cut);
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
}
