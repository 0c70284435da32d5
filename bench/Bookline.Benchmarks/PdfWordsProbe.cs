using System.Diagnostics;
using System.Globalization;
using Bookline.Library.Formats;

namespace Bookline.Benchmarks;

/// <summary>
/// How closely the words Bookline reads from PDFs agree with poppler's <c>pdftotext</c>, the
/// reference: for each PDF, the words both find (counted with their repeats) over the words of
/// each, summed over the folder.
/// </summary>
public static class PdfWordsProbe
{
    public static void Run(string folder, int most)
    {
        var reader = new BookReader();
        long shared = 0, ours = 0, theirs = 0;
        int files = 0;
        var worst = new List<(double Agreement, string File)>();
        foreach (string pdf in Directory.EnumerateFiles(folder, "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(most))
        {
            string reference = PdfToText(pdf);
            string text;
            try
            {
                text = reader.Read(pdf).Text;
            }
            catch (BookReadException)
            {
                continue;
            }

            Dictionary<string, int> a = Words(text), b = Words(reference);
            long both = a.Sum(pair => Math.Min(pair.Value, b.GetValueOrDefault(pair.Key)));
            long countA = a.Values.Sum(), countB = b.Values.Sum();
            shared += both;
            ours += countA;
            theirs += countB;
            files++;
            worst.Add((countB == 0 ? 1 : both / (double)Math.Max(countA, countB), pdf));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"{files} PDFs: {theirs:N0} words by pdftotext, {ours:N0} by Bookline, {shared:N0} in both: {100.0 * shared / theirs:F2}% of pdftotext's, {100.0 * shared / ours:F2}% of Bookline's"));
        foreach (var (agreement, file) in worst.OrderBy(w => w.Agreement).Take(5))
        {
            Console.WriteLine(FormattableString.Invariant($"  {100 * agreement,6:F2}%  {Path.GetFileName(file)}"));
        }
    }

    private static string PdfToText(string pdf)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-enc", "UTF-8", pdf, "-"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = errors.Result;
        return output;
    }

    /// <summary>Words as search sees them: runs of letters and digits, in lower case.</summary>
    private static Dictionary<string, int> Words(string text)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark))
            {
                i++;
            }

            string word = text[start..i].ToLowerInvariant();
            words[word] = words.GetValueOrDefault(word) + 1;
        }

        return words;
    }
}
