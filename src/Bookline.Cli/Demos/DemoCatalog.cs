namespace Bookline.Cli.Demos;

/// <summary>Every demo, in the order the story tells them.</summary>
internal static class DemoCatalog
{
    public static IReadOnlyList<IDemo> All { get; } =
    [
        new RaceDemo(),
        new BasicDemo(),
        new ApiDemo(),
        new ProducerConsumerDemo(),
        new MultiDemo(),
        new BoundedDemo(),
        new PriorityDemo(),
        new PipelineDemo(),
        new ErrorsDemo(),
        new ShutdownDemo(),
        new LifoDemo(),
    ];

    public static IDemo? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
