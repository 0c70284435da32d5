namespace Bookline.Cli.Demos;

/// <summary>One scenario of the story, replayed on Bookline's queues.</summary>
internal interface IDemo
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what the scenario shows.</summary>
    string Summary { get; }

    Task<DemoReport> RunAsync(DemoContext context, CancellationToken cancellationToken);
}
