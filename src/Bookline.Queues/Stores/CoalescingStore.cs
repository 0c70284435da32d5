namespace Bookline.Queues.Stores;

/// <summary>
/// First in, first out, one item per key: an item whose key is already waiting is merged into that item,
/// which keeps its place. A linked list in arrival order, with a dictionary from key to node.
/// </summary>
internal sealed class CoalescingStore<TKey, T> : ItemStore<T>
    where TKey : notnull
{
    private readonly Func<T, TKey> _keyOf;
    private readonly Func<T, T, T> _merge;
    private readonly Dictionary<TKey, Node> _waiting;
    private Node? _oldest;
    private Node? _newest;

    public CoalescingStore(Func<T, TKey> keyOf, Func<T, T, T> merge, IEqualityComparer<TKey>? comparer, int maxSize)
    {
        _keyOf = keyOf;
        _merge = merge;
        _waiting = new Dictionary<TKey, Node>(InitialCapacity(maxSize), comparer);
    }

    public override bool Merges(T item) => _waiting.ContainsKey(_keyOf(item));

    public override bool Add(T item)
    {
        TKey key = _keyOf(item);
        if (_waiting.TryGetValue(key, out Node? node))
        {
            node.Item = _merge(node.Item, item); // may throw: the node keeps its item
            return false;
        }

        var added = new Node(key, item) { Previous = _newest };
        _waiting.Add(key, added);
        if (_newest is null)
        {
            _oldest = added;
        }
        else
        {
            _newest.Next = added;
        }

        _newest = added;
        return true;
    }

    public override T Take()
    {
        Node node = _oldest!;
        _oldest = node.Next;
        if (_oldest is null)
        {
            _newest = null;
        }
        else
        {
            _oldest.Previous = null;
        }

        _waiting.Remove(node.Key);
        return node.Item;
    }

    public override int Clear()
    {
        int removed = _waiting.Count;
        _waiting.Clear();
        _oldest = _newest = null;
        return removed;
    }

    public override T[] ToArray()
    {
        var items = new T[_waiting.Count];
        int i = 0;
        for (Node? node = _oldest; node is not null; node = node.Next)
        {
            items[i++] = node.Item;
        }

        return items;
    }

    private sealed class Node(TKey key, T item)
    {
        public TKey Key { get; } = key;

        public T Item { get; set; } = item;

        public Node? Previous { get; set; }

        public Node? Next { get; set; }
    }
}
