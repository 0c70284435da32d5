using Bookline.Cli;
using Spectre.Console;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the running command stop cleanly
    interrupted.Cancel();
};

return await BooklineApp.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error, interrupted.Token);
