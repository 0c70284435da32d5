using Bookline.Cli;
using Spectre.Console;

using var interruption = new Interruption();
Console.CancelKeyPress += (_, e) => e.Cancel = interruption.Press();

return await BooklineApp.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error, interruption.Stop, interruption.Abort);
