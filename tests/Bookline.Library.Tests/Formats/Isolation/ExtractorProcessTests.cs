using System.Diagnostics;
using Bookline.Library.Formats;
using Bookline.Library.Formats.Isolation;
using Bookline.Library.Samples;

namespace Bookline.Library.Tests.Formats.Isolation;

/// <summary>
/// How a scan treats extraction processes that misbehave, with shell scripts standing in for
/// <c>bookline extract</c> (the real one is tested with the command line).
/// </summary>
public sealed class ExtractorProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _pdf;

    public ExtractorProcessTests() => _pdf = _folder.File("tide.pdf", SampleBooks.Pdf("Tide Tables", null, "High water at dawn."));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AReadThatPassesItsTimeLimitEndsTheProcessAndFreesTheThread()
    {
        string pidFile = Path.Combine(_folder.Path, "pid");
        // Reads the request, never answers: a PDF that hangs.
        using var reader = new BookReader(extractor: Script($"echo $$ > '{pidFile}'; exec sleep 600"));
        using var timeLimit = new CancellationTokenSource();
        Task<ExtractedBook> read = Task.Run(() => reader.Read(_pdf, timeLimit.Token));
        int pid = WaitForPid(pidFile);

        var watch = Stopwatch.StartNew();
        timeLimit.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => read.GetAwaiter().GetResult());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the read ended {watch.Elapsed} after its time limit");
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} still exists after its read was cancelled");
    }

    [Fact]
    public void AProcessThatEndsWithoutAnAnswerFailsTheFileAndIsReplaced()
    {
        string count = Path.Combine(_folder.Path, "starts");
        using var reader = new BookReader(extractor: Script($"echo started >> '{count}'; exit 7"));

        var first = Assert.Throws<BookReadException>(() => reader.Read(_pdf));
        var second = Assert.Throws<BookReadException>(() => reader.Read(_pdf));

        Assert.Equal("the process reading it ended without an answer (exit code 7)", first.Message);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(2, File.ReadAllLines(count).Length); // each read had a process of its own: the ended one was not reused
    }

    [Fact]
    public void AProcessEndedByAStopSignalIsReplacedAndTheReadTriedAgainOnce()
    {
        string count = Path.Combine(_folder.Path, "interrupted");
        string marker = Path.Combine(_folder.Path, "once");
        using var once = new BookReader(extractor: Script($"echo started >> '{count}'; if [ -e '{marker}' ]; then exit 7; fi; touch '{marker}'; kill -TERM $$"));
        Assert.Equal("the process reading it ended without an answer (exit code 7)", Assert.Throws<BookReadException>(() => once.Read(_pdf)).Message);
        Assert.Equal(2, File.ReadAllLines(count).Length);

        File.Delete(count);
        using var always = new BookReader(extractor: Script($"echo started >> '{count}'; kill -TERM $$"));
        Assert.Equal("the process reading it ended without an answer (killed by signal 15)", Assert.Throws<BookReadException>(() => always.Read(_pdf)).Message);
        Assert.Equal(2, File.ReadAllLines(count).Length); // tried twice, then the file fails
    }

    [Fact]
    public void WhatTheProcessWritesOnItsErrorOutputIsPartOfTheReason()
    {
        using var reader = new BookReader(extractor: Script("echo 'Killed by the cat.' >&2; exit 137"));
        Assert.Equal("the process reading it ended without an answer (killed by signal 9): Killed by the cat.", Assert.Throws<BookReadException>(() => reader.Read(_pdf)).Message);
    }

    [Fact]
    public void AProcessTheRuntimeEndsForWantOfMemoryFailsTheFileForItsMemoryLimit()
    {
        // What .NET prints when it cannot even raise an OutOfMemoryException under a tight hard limit.
        using var reader = new BookReader(extractor: Script("echo 'Out of memory.' >&2; exit 134") with { MemoryLimit = 200L * 1024 * 1024 });
        Assert.Equal("reading it needs more than 200 MiB of memory, the limit for reading one file", Assert.Throws<BookReadException>(() => reader.Read(_pdf)).Message);
    }

    [Fact]
    public void AnAnswerThatIsNotOneEndsTheProcess()
    {
        string pidFile = Path.Combine(_folder.Path, "pid");
        using var reader = new BookReader(extractor: Script($"echo $$ > '{pidFile}'; printf '\\377'; exec sleep 600"));

        var error = Assert.Throws<BookReadException>(() => reader.Read(_pdf));

        Assert.StartsWith("the process reading it ended without an answer", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/proc/{File.ReadAllText(pidFile).Trim()}"));
    }

    [Fact]
    public void AProgramThatCannotBeStartedFailsTheFileWithItsName()
    {
        using var reader = new BookReader(extractor: new ExtractorStart("/nonexistent/bookline", ["extract"]));
        var error = Assert.Throws<BookReadException>(() => reader.Read(_pdf));
        Assert.Contains("/nonexistent/bookline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherFormatsAreReadInTheScansOwnProcess()
    {
        using var reader = new BookReader(extractor: Script("exit 9"));
        ExtractedBook book = reader.Read(_folder.File("a.txt", "Plain words."u8.ToArray()));
        Assert.Equal("Plain words.", book.Text);
    }

    [Fact]
    public void AMemoryLimitUnderWhatTheRuntimeNeedsIsRefused() =>
        Assert.Throws<ArgumentException>(() => new BookReader(extractor: new ExtractorStart("/bin/true", []) { MemoryLimit = 1024 * 1024 }));

    private static ExtractorStart Script(string script) => new("/bin/sh", ["-c", script]);

    /// <summary>Waits for the script to say it runs (it writes its pid): another process's state has no event to wait on.</summary>
    private static int WaitForPid(string pidFile)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out int pid))
            {
                return pid;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("the script did not start within 30 s");
    }
}
