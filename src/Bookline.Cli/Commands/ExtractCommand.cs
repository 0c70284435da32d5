using System.CommandLine;
using Bookline.Library.Formats.Isolation;

namespace Bookline.Cli.Commands;

/// <summary>
/// <c>bookline extract</c>: the extraction process a scan starts for its PDFs (hidden: it speaks the
/// binary protocol of <see cref="ExtractionServer"/> on its standard input and output, not to people).
/// </summary>
internal static class ExtractCommand
{
    public const string Name = "extract";

    public static Command Create()
    {
        var command = new Command(Name, "Read the books a scan asks for, one at a time, over standard input and output (started by scan and worker).")
        {
            Hidden = true,
        };
        command.SetAction(_ =>
        {
            if (!Console.IsInputRedirected)
            {
                // Typed at a terminal, it would wait for a request no one types.
                Console.Error.WriteLine("bookline extract reads books for 'bookline scan' and 'bookline worker', which start it with its input and output on pipes; it is not run by hand.");
                return ExitCodes.Usage;
            }

            using Stream input = Console.OpenStandardInput();
            using Stream output = Console.OpenStandardOutput();
            return ExtractionServer.Run(input, output);
        });
        return command;
    }

    /// <summary>
    /// How this program starts itself in extract mode: through the same host (<c>dotnet bookline.dll</c>,
    /// or the <c>bookline</c> executable or tool shim that is running).
    /// </summary>
    public static ExtractorStart Self()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        string assembly = typeof(ExtractCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) && assembly.Length > 0
            ? new ExtractorStart(host, [assembly, Name])
            : new ExtractorStart(host, [Name]);
    }
}
