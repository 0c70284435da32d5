namespace Bookline.Samples.WorkerService;

/// <summary>The sample's own settings, from the command line or appsettings.json.</summary>
public sealed class ShelfReaderOptions
{
    /// <summary>The library folder; when it does not exist, the sample library is written there first.</summary>
    public string Library { get; set; } = "bookline-sample";
}
