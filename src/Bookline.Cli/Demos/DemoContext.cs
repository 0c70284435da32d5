using Spectre.Console;

namespace Bookline.Cli.Demos;

/// <summary>
/// What a demo needs from its surroundings: seeded randomness, simulated work whose length
/// <see cref="Speed"/> divides, and output that many tasks may write at once.
/// </summary>
internal sealed class DemoContext
{
    private readonly Random _random;
    private readonly object _outputLock = new();

    public DemoContext(IAnsiConsole console, int seed, double speed)
    {
        Console = console;
        Seed = seed;
        Speed = speed;
        _random = new Random(seed);
    }

    public IAnsiConsole Console { get; }

    public int Seed { get; }

    /// <summary>How many times faster than the story the simulated work runs.</summary>
    public double Speed { get; }

    /// <summary>Replay with hand-written queue loops rather than Bookline.Pipelines, where a demo has both.</summary>
    public bool Raw { get; init; }

    /// <summary>Stops a pipeline at once (the second Ctrl+C); the graceful stop is the demo's own token.</summary>
    public CancellationToken AbortToken { get; init; }

    /// <summary>Writes one line of markup; lines from concurrent tasks never interleave.</summary>
    public void Say(string markup)
    {
        lock (_outputLock)
        {
            Console.MarkupLine(markup);
        }
    }

    /// <summary>Writes a renderable (a table); never interleaved with lines from other tasks.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable)
    {
        lock (_outputLock)
        {
            Console.Write(renderable);
        }
    }

    public int Next(int minInclusive, int maxExclusive)
    {
        lock (_random)
        {
            return _random.Next(minInclusive, maxExclusive);
        }
    }

    public double NextDouble()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Simulates work lasting between the two bounds (in the story's seconds).</summary>
    public Task WorkAsync(double minSeconds, double maxSeconds, CancellationToken cancellationToken = default) =>
        WorkAsync(minSeconds + (NextDouble() * (maxSeconds - minSeconds)), cancellationToken);

    /// <summary>Simulates work lasting <paramref name="seconds"/> of the story's time.</summary>
    public Task WorkAsync(double seconds, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromSeconds(seconds / Speed);
        return delay < TimeSpan.FromMilliseconds(1) ? Task.Yield().AsTask() : Task.Delay(delay, cancellationToken);
    }
}
