namespace Bookline.Library.Formats.Isolation;

/// <summary>
/// An extraction process was ended by a signal that stops a session's work (SIGHUP, SIGINT, SIGTERM),
/// not by anything its file did: a Ctrl+C can reach a process in the instant between its start and
/// its leaving the terminal's group. The read is tried again in a new process.
/// </summary>
internal sealed class ExtractorInterruptedException : IOException
{
    public ExtractorInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
