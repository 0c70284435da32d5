using System.Runtime.CompilerServices;

namespace Bookline.Queues.Stores;

/// <summary>
/// First in, first out: a ring buffer whose size is a power of two. A struct, embedded in the
/// queue, so that a put or get touches the queue's own cache lines rather than a second object's.
/// Guarded by the owning queue's lock.
/// </summary>
internal struct RingBuffer<T>
{
    private T[] _items;
    private int _head;
    private int _count;

    public RingBuffer(int initialCapacity) =>
        _items = new T[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)initialCapacity)];

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public T Take()
    {
        T[] items = _items;
        T item = items[_head];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            items[_head] = default!; // let the collector have it
        }

        _head = (_head + 1) & (items.Length - 1);
        _count--;
        return item;
    }

    public int Clear()
    {
        int removed = _count;
        Array.Clear(_items);
        _head = 0;
        _count = 0;
        return removed;
    }

    public readonly T[] ToArray()
    {
        var result = new T[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        return result;
    }

    private void Grow()
    {
        T[] bigger = ToArray();
        Array.Resize(ref bigger, _items.Length * 2);
        _items = bigger;
        _head = 0;
    }
}
