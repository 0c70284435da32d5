using System.Runtime.CompilerServices;

namespace Bookline.Queues.Stores;

/// <summary>First in, first out: a ring buffer whose size is a power of two.</summary>
internal sealed class FifoStore<T> : ItemStore<T>
{
    private T[] _items;
    private int _head;
    private int _count;

    public FifoStore(int maxSize) => _items = new T[RoundUpToPowerOf2(InitialCapacity(maxSize))];

    public override void Add(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public override T Take()
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

    public override int Clear()
    {
        int removed = _count;
        Array.Clear(_items);
        _head = 0;
        _count = 0;
        return removed;
    }

    public override T[] ToArray()
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

    private static int RoundUpToPowerOf2(int value) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)value);
}
