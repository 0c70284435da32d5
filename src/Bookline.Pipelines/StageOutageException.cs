namespace Bookline.Pipelines;

/// <summary>
/// A stage stopped its run because something it depends on is unavailable (see
/// <see cref="StageOptions.IsOutage"/>): the items it held are unprocessed, not failed.
/// </summary>
public sealed class StageOutageException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public StageOutageException()
        : base("A stage stopped the run: something it depends on is unavailable.")
    {
        Stage = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public StageOutageException(string message)
        : base(message)
    {
        Stage = string.Empty;
    }

    /// <summary>Creates the exception with a message and the outage's own error.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The error the outage showed as.</param>
    public StageOutageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stage = string.Empty;
    }

    private StageOutageException(string stage, string message, Exception innerException)
        : base(message, innerException)
    {
        Stage = stage;
    }

    /// <summary>The stage that stopped the run.</summary>
    public string Stage { get; }

    /// <summary>The outage of a stage, with the error it showed as.</summary>
    internal static StageOutageException Of(string stage, Exception error) =>
        new(stage, $"Stage '{stage}' stopped the run: {error.Message} Nothing it held was lost: run again once this is mended.", error);
}
