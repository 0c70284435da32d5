using System.Runtime.CompilerServices;

namespace Bookline.Queues.Stores;

/// <summary>Last in, first out: a stack on an array.</summary>
internal sealed class LifoStore<T> : ItemStore<T>
{
    private T[] _items;
    private int _count;

    public LifoStore(int maxSize) => _items = new T[InitialCapacity(maxSize)];

    public override bool Add(T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = item;
        return true;
    }

    public override T Take()
    {
        T item = _items[--_count];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _items[_count] = default!;
        }

        return item;
    }

    public override int Clear()
    {
        int removed = _count;
        Array.Clear(_items, 0, _count);
        _count = 0;
        return removed;
    }

    public override T[] ToArray()
    {
        var result = new T[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = _items[_count - 1 - i];
        }

        return result;
    }
}
