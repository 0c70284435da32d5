using System.Runtime.InteropServices;
using Bookline.Cli;
using Spectre.Console;

var interruption = new Interruption();
Console.CancelKeyPress += (_, e) => e.Cancel = interruption.Press();
// SIGTERM (a service manager, or kill) stops the same way as Ctrl+C: gracefully first.
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = interruption.Press());

if (Console.IsOutputRedirected)
{
    // Piped or written to a file, a line is never cut or wrapped at a terminal's 80 columns: whole paths stay whole.
    AnsiConsole.Console.Profile.Width = short.MaxValue;
}

return await BooklineApp.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error, interruption.Stop, interruption.Abort);
