namespace Bookline.Pipelines;

/// <summary>How a batch stage groups items: at most <see cref="Size"/> items, the first of which waited at most <see cref="MaxDelay"/>.</summary>
public sealed class BatchOptions
{
    /// <summary>The most items in a batch; a full batch goes at once.</summary>
    /// <value>The default value is 100. At least 1.</value>
    public int Size { get; set; } = 100;

    /// <summary>
    /// How long the first item of a batch waits for more, on the pipeline's <see cref="PipelineOptions.TimeProvider"/>;
    /// then the batch goes as it is, once the stage has room for another sealed batch. In memory, the wait starts when
    /// the item is put; on a broker, when a worker receives it.
    /// </summary>
    /// <value>
    /// The default value is 1 second. From zero (a batch goes whenever the stage has room for it, so batches grow only
    /// while it has none) to one day.
    /// </value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When a batch fails its last attempt, tries its items again one at a time (each a batch of one, with the stage's
    /// retries), so that one bad item fails alone; when false, every item of the batch is dead-lettered with the failure.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool SplitOnFailure { get; set; } = true;

    internal void Validate(string stage)
    {
        if (Size < 1)
        {
            throw new ArgumentException($"Stage '{stage}': Batch.Size must be at least 1.");
        }

        if (MaxDelay < TimeSpan.Zero || MaxDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"Stage '{stage}': Batch.MaxDelay must be from zero to one day; it is {MaxDelay}.");
        }
    }
}
