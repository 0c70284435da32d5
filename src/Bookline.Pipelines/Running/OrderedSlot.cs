using Bookline.Pipelines.Transport;

namespace Bookline.Pipelines.Running;

/// <summary>One item's outcome in an <see cref="OrderedWindow{TIn, TOut}"/>: its results to pass on, or nothing (it failed or was cut off).</summary>
internal sealed class OrderedSlot<TIn, TOut>
{
    public bool Done;
    public Delivery<TIn> Delivery;
    public int Worker;
    public int Attempts;

    /// <summary>True when the item succeeded: its results go on and its delivery is acknowledged by the emitter.</summary>
    public bool PassOn;
    public TOut One = default!;
    public IEnumerable<TOut>? Many;
    public bool Filtered;

    // Workers fill neighbouring slots at once: without this, slots allocated one after another share cache lines, and every
    // deposit invalidates the line another worker is writing.
#pragma warning disable CS0169 // never read: it is there for its size
    private CacheLinePadding _padding;
#pragma warning restore CS0169

    public void Clear()
    {
        Delivery = default;
        One = default!;
        Many = null;
        Volatile.Write(ref Done, false);
    }
}
