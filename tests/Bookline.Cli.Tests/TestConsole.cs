using Spectre.Console;

namespace Bookline.Cli.Tests;

/// <summary>A Spectre console that writes plain text into a string, wide enough that nothing wraps.</summary>
internal sealed class TestConsole
{
    public TestConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Writer),
        });
        Console.Profile.Width = 200;
    }

    public StringWriter Writer { get; } = new();

    public IAnsiConsole Console { get; }

    public string Text => Writer.ToString();
}
