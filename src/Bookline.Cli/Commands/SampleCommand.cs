using System.CommandLine;
using Bookline.Library.Samples;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline sample &lt;folder&gt;</c>: writes the sample library.</summary>
internal static class SampleCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var folder = new Argument<string>("folder") { Description = "Where to write the sample library." };
        var broken = new Option<bool>("--broken") { Description = "Add a torn PDF and an empty text file, to see how failures are reported." };
        var command = new Command("sample", "Write a small sample library: text, HTML, EPUB and PDF books, and a file of a format Bookline skips.") { folder, broken };
        command.SetAction(parse =>
        {
            string target = parse.GetValue(folder)!;
            int written = SampleLibrary.Write(target, parse.GetValue(broken));
            console.MarkupLine($"Wrote {written} files to [bold]{TerminalText.Escape(target)}[/]. Scan it with: bookline scan {TerminalText.Escape(target)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
