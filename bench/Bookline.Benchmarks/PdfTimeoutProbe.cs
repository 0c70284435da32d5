using System.Diagnostics;
using System.Text;
using Bookline.Library.Formats;
using Bookline.Library.Formats.Isolation;
using Bookline.Library.Samples;

namespace Bookline.Benchmarks;

/// <summary>
/// What a PDF read past its time limit still costs: a PDF of one page that takes PdfPig seconds
/// (PdfPig cannot stop inside a page) is read to its end, then read with a limit of half a second
/// in this process and in an extraction process; for each, when the read gave its thread back and
/// the CPU it used meanwhile.
/// </summary>
internal static class PdfTimeoutProbe
{
    public static void Run(string booklineDll, int lines)
    {
        var page = new StringBuilder();
        for (int line = 0; line < lines; line++)
        {
            page.Append("the keeper climbed the stairs at dusk to light the lamp\n");
        }

        string pdf = Path.Combine(Path.GetTempPath(), $"bookline-timeout-{Environment.ProcessId}.pdf");
        File.WriteAllBytes(pdf, SampleBooks.Pdf("One long page", null, page.ToString()));
        try
        {
            var limits = new ReadLimits { MaxTextCharacters = int.MaxValue };
            using var inProcess = new BookReader(limits: limits);
            Measure("in this process, no limit", inProcess, pdf, null);
            Measure("in this process, 0.5 s limit", inProcess, pdf, TimeSpan.FromMilliseconds(500));
            string dotnet = Environment.ProcessPath ?? "dotnet";
            using var isolated = new BookReader(limits: limits, extractor: new ExtractorStart(dotnet, [booklineDll, "extract"]));
            Measure("extraction process, no limit", isolated, pdf, null);
            Measure("extraction process, 0.5 s limit", isolated, pdf, TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    private static void Measure(string label, BookReader reader, string pdf, TimeSpan? limit)
    {
        using var timeLimit = limit is { } after ? new CancellationTokenSource(after) : new CancellationTokenSource();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = FormattableString.Invariant($"read, {reader.Read(pdf, timeLimit.Token).Text.Length:N0} characters");
        }
        catch (OperationCanceledException)
        {
            outcome = "stopped";
        }

        TimeSpan used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(FormattableString.Invariant($"{label,-34} {outcome,-28} thread back after {watch.Elapsed.TotalSeconds,6:0.00} s, CPU of this process {used.TotalSeconds,6:0.00} s"));
    }
}
