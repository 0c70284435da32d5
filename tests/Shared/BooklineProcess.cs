using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bookline.Tests.Shared;

/// <summary>A bookline child process whose output lines can be awaited.</summary>
internal sealed class BooklineProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waits = [];

    private BooklineProcess(string[] args, IReadOnlyDictionary<string, string>? environment, bool ownGroup)
    {
        // In a process group (and session) of its own, bookline can be sent what a terminal sends on
        // Ctrl+C: a signal to the whole group, its child processes included.
        var start = new ProcessStartInfo(ownGroup ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (ownGroup)
        {
            // A test run started in the background by a shell inherits SIGINT and SIGQUIT ignored, and so would
            // bookline, which then could not be sent a Ctrl+C: they are set back to their defaults, as a shell
            // does for a command in the foreground. env and setsid exec in place: the pid stays bookline's (a
            // child of ours is no group leader, so setsid needs no fork).
            start.ArgumentList.Add("--default-signal=INT,QUIT");
            start.ArgumentList.Add("setsid");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bookline.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has exited: 128 + the signal's number when a signal ended it.</summary>
    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    public static BooklineProcess Start(params string[] args) => new(args, null, ownGroup: false);

    /// <summary>Starts bookline as the leader of a process group of its own, with extra environment variables.</summary>
    public static BooklineProcess StartInOwnGroup(IReadOnlyDictionary<string, string> environment, params string[] args) => new(args, environment, ownGroup: true);

    /// <summary>Completes with the first line (past or future) that matches.</summary>
    public Task<string> LineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            _waits.Add((match, seen));
            if (_lines.FirstOrDefault(match) is { } line)
            {
                seen.TrySetResult(line);
            }
        }

        return seen.Task;
    }

    public async Task<int> ExitAsync(TimeSpan bound)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"bookline did not exit within {bound}. It printed:\n{Output}");
        }

        _process.WaitForExit(); // flushes the output events
        return _process.ExitCode;
    }

    /// <summary>Asks it to stop as a service manager would (SIGTERM: graceful).</summary>
    public void Terminate() => Signal("-TERM", group: false);

    private static void Signal(string signal, string target)
    {
        using var kill = Process.Start("kill", [signal, "--", target]);
        kill.WaitForExit();
    }

    /// <summary>What a terminal's Ctrl+C does: SIGINT to every process of the group (started with <see cref="StartInOwnGroup"/>).</summary>
    public void InterruptGroup() => Signal("-INT", "-" + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sends a signal (such as -KILL or -TERM) to the process, or with <paramref name="group"/> to its whole group.</summary>
    public void Signal(string signal, bool group) => Signal(signal, (group ? "-" : string.Empty) + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>kill -9: no chance to finish anything.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waits)
        {
            _lines.Enqueue(line);
            foreach (var (match, seen) in _waits)
            {
                if (match(line))
                {
                    seen.TrySetResult(line);
                }
            }
        }
    }
}
