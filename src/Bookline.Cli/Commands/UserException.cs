namespace Bookline.Cli.Commands;

/// <summary>A mistake the user can fix, reported as one line without a stack trace.</summary>
internal sealed class UserException : Exception
{
    public UserException()
    {
    }

    public UserException(string message)
        : base(message)
    {
    }

    public UserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exit code: usage errors are 2, everything else 1.</summary>
    public int ExitCode { get; init; } = ExitCodes.Error;
}
