namespace Bookline.Cli.Demos;

/// <summary>What a demo run did, in numbers that can be checked: items handled, by whom and how.</summary>
/// <param name="Handled">Every item a worker finished, in the order they finished.</param>
/// <param name="Counts">Named totals (for example "failed", "cataloger 0", "max queue size").</param>
internal sealed record DemoReport(IReadOnlyList<string> Handled, IReadOnlyDictionary<string, int> Counts)
{
    public int this[string count] => Counts.TryGetValue(count, out int value) ? value : 0;
}
