using Microsoft.Extensions.Logging;

namespace Bookline.Cli;

/// <summary>
/// Writes a library's log messages as plain lines to the command's output: what an operator at the
/// terminal should see (information and above), without categories or timestamps.
/// </summary>
internal sealed class LineLogger(TextWriter output, LogLevel minimum = LogLevel.Information) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            output.WriteLine(TerminalText.Clean(formatter(state, exception)));
        }
    }
}
