using System.CommandLine;
using Bookline.Cli.Commands;
using Spectre.Console;

namespace Bookline.Cli;

/// <summary>Builds the <c>bookline</c> command tree and runs it against a console, so tests can run it in-process.</summary>
internal static class BooklineApp
{
    public static RootCommand CreateRootCommand(IAnsiConsole console, TextReader input, CancellationToken abortToken = default) =>
        new("bookline: scan libraries of books concurrently, coordinated by queues.")
        {
            ScanCommand.Create(console, abortToken),
            WorkerCommand.Create(console, abortToken),
            ServeCommand.Create(console),
            SearchCommand.Create(console),
            ShowCommand.Create(console),
            ListCommand.Create(console),
            DuplicatesCommand.Create(console),
            StatusCommand.Create(console),
            FailuresCommand.Create(console),
            SampleCommand.Create(console),
            DemoCommand.Create(console, abortToken),
            ExtractCommand.Create(),
            UsersCommand.Create(console, input),
            WatchCommand.Create(console),
        };

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where commands write.</param>
    /// <param name="output">Where help goes.</param>
    /// <param name="error">Where usage errors go.</param>
    /// <param name="cancellationToken">Stops gracefully (the first Ctrl+C).</param>
    /// <param name="abortToken">Stops immediately (the second Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, CancellationToken abortToken = default) =>
        RunAsync(args, console, Console.In, output, error, cancellationToken, abortToken);

    /// <summary>Runs the command line, reading what a command takes from standard input (a password) from <paramref name="input"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where commands write.</param>
    /// <param name="input">Standard input.</param>
    /// <param name="output">Where help goes.</param>
    /// <param name="error">Where usage errors go.</param>
    /// <param name="cancellationToken">Stops gracefully (the first Ctrl+C).</param>
    /// <param name="abortToken">Stops immediately (the second Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, CancellationToken abortToken = default)
    {
        ParseResult parse = CreateRootCommand(console, input, abortToken).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Only the messages, which name the argument and the cause: the full help would bury them.
            foreach (System.CommandLine.Parsing.ParseError parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            Command command = parse.CommandResult.Command;
            await error.WriteLineAsync($"Run 'bookline{(command is RootCommand ? string.Empty : " " + command.Name)} --help' for usage.");
            return ExitCodes.Usage;
        }

        // Our handlers below turn user mistakes into one line; the default handler would print a stack trace.
        // Ctrl+C and SIGTERM are Interruption's alone (graceful, then immediate). System.CommandLine's own handler
        // would also cancel the command, end a graceful drain after 2 s, and race ours while the process exits.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            int exit = await parse.InvokeAsync(configuration, cancellationToken);
            return exit;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (UserException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return exception.ExitCode;
        }
        catch (Exception exception) when (exception is Bookline.Library.Catalog.CatalogException or IOException or UnauthorizedAccessException)
        {
            // The environment, not a bug: one line, no stack trace.
            await error.WriteLineAsync($"bookline: {exception.Message}");
            return ExitCodes.Error;
        }
    }
}
