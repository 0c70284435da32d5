using System.Runtime.CompilerServices;

namespace Bookline.Queues.Stores;

/// <summary>
/// Smallest first by a comparer, equal items in insertion order: a 4-ary min-heap whose entries
/// carry an insertion number that breaks ties.
/// </summary>
/// <remarks>
/// A comparer that throws leaves the heap as it was: unless the comparison cannot throw (the default
/// one of a primitive type), each sift is first run dry, comparing without moving anything.
/// The sifts are generic over a struct <see cref="IOrder"/>, so the JIT compiles one loop for the
/// default comparison (inlined, no interface call) and one for a custom comparer.
/// </remarks>
internal sealed class StablePriorityStore<T> : ItemStore<T>
{
    private const int Log2Arity = 2; // 4 children per node: half the depth of a binary heap

    private readonly IComparer<T>? _comparer; // null: the default comparison of a value type
    private readonly bool _comparerMayThrow;
    private Entry[] _heap;
    private int _count;
    private uint _nextSequence;

    public StablePriorityStore(int maxSize, IComparer<T>? comparer)
    {
        _heap = new Entry[InitialCapacity(maxSize)];
        if (!typeof(T).IsValueType || (comparer is not null && !ReferenceEquals(comparer, Comparer<T>.Default)))
        {
            _comparer = comparer ?? Comparer<T>.Default;
        }

        _comparerMayThrow = _comparer is not null || !typeof(T).IsPrimitive;
    }

    private interface IOrder
    {
        bool Precedes(Entry a, Entry b);
    }

    public override void Add(T item)
    {
        if (_nextSequence == uint.MaxValue)
        {
            Renumber();
        }

        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var entry = new Entry(item, _nextSequence);
        if (_comparer is null)
        {
            SiftUp(default(DefaultOrder), entry);
        }
        else
        {
            SiftUp(new CustomOrder(_comparer), entry);
        }

        _nextSequence++;
        _count++;
    }

    public override T Take()
    {
        Entry root = _heap[0];
        int last = _count - 1;
        if (last > 0)
        {
            if (_comparer is null)
            {
                SiftDown(default(DefaultOrder), _heap[last], last);
            }
            else
            {
                SiftDown(new CustomOrder(_comparer), _heap[last], last);
            }
        }

        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _heap[last] = default;
        }

        _count = last;
        return root.Item;
    }

    public override int Clear()
    {
        int removed = _count;
        Array.Clear(_heap, 0, _count);
        _count = 0;
        return removed;
    }

    public override T[] ToArray()
    {
        Entry[] entries = _heap.AsSpan(0, _count).ToArray();
        IComparer<T> comparer = _comparer ?? Comparer<T>.Default;
        Array.Sort(entries, (a, b) => comparer.Compare(a.Item, b.Item) is var order && order != 0 ? order : a.Sequence.CompareTo(b.Sequence));
        return Array.ConvertAll(entries, e => e.Item);
    }

    /// <summary>For tests: pretend the insertion counter is about to run out.</summary>
    internal void SetNextSequenceForTesting(uint next) => _nextSequence = next;

    /// <summary>Places a new entry at the end of the heap and lifts it to where it belongs.</summary>
    private void SiftUp<TOrder>(TOrder order, Entry entry)
        where TOrder : struct, IOrder
    {
        Entry[] heap = _heap;
        int hole = _count;
        int levels = int.MaxValue;
        if (_comparerMayThrow)
        {
            levels = 0;
            for (int node = hole; node > 0 && order.Precedes(entry, heap[(node - 1) >> Log2Arity]); node = (node - 1) >> Log2Arity)
            {
                levels++;
            }
        }

        for (; levels > 0 && hole > 0; levels--)
        {
            int parent = (hole - 1) >> Log2Arity;
            Entry above = heap[parent];
            if (!order.Precedes(entry, above))
            {
                break;
            }

            heap[hole] = above;
            hole = parent;
        }

        heap[hole] = entry;
    }

    /// <summary>Fills the hole left at the root with <paramref name="moving"/>, lifting the smallest child at each level.</summary>
    private void SiftDown<TOrder>(TOrder order, Entry moving, int size)
        where TOrder : struct, IOrder
    {
        Entry[] heap = _heap;
        int levels = _comparerMayThrow ? LevelsToSink(order, moving, size) : int.MaxValue;
        int hole = 0;
        for (; levels > 0; levels--)
        {
            int first = (hole << Log2Arity) + 1;
            if (first >= size)
            {
                break;
            }

            Entry best = heap[first];
            int bestIndex = first;
            int end = Math.Min(first + (1 << Log2Arity), size);
            for (int c = first + 1; c < end; c++)
            {
                Entry child = heap[c];
                if (order.Precedes(child, best))
                {
                    best = child;
                    bestIndex = c;
                }
            }

            if (!order.Precedes(best, moving))
            {
                break;
            }

            heap[hole] = best;
            hole = bestIndex;
        }

        heap[hole] = moving;
    }

    /// <summary>A dry run of <see cref="SiftDown"/> that only compares, so that a throwing comparer fails before anything moved.</summary>
    private int LevelsToSink<TOrder>(TOrder order, Entry moving, int size)
        where TOrder : struct, IOrder
    {
        Entry[] heap = _heap;
        int levels = 0;
        for (int node = 0; ; levels++)
        {
            int first = (node << Log2Arity) + 1;
            if (first >= size)
            {
                return levels;
            }

            int best = first;
            int end = Math.Min(first + (1 << Log2Arity), size);
            for (int c = first + 1; c < end; c++)
            {
                if (order.Precedes(heap[c], heap[best]))
                {
                    best = c;
                }
            }

            if (!order.Precedes(heap[best], moving))
            {
                return levels;
            }

            node = best;
        }
    }

    /// <summary>
    /// Replaces insertion numbers by their rank once the counter runs out (after 4 billion puts).
    /// Ranks keep every pairwise order, so the heap stays valid without re-sifting.
    /// </summary>
    private void Renumber()
    {
        int[] byAge = new int[_count];
        for (int i = 0; i < byAge.Length; i++)
        {
            byAge[i] = i;
        }

        Entry[] heap = _heap;
        Array.Sort(byAge, (x, y) => heap[x].Sequence.CompareTo(heap[y].Sequence));
        for (uint rank = 0; rank < byAge.Length; rank++)
        {
            heap[byAge[rank]] = new Entry(heap[byAge[rank]].Item, rank);
        }

        _nextSequence = (uint)_count;
    }

    private readonly record struct Entry(T Item, uint Sequence);

    /// <summary>The default comparison, inlined by the JIT for value types.</summary>
    private readonly struct DefaultOrder : IOrder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Precedes(Entry a, Entry b)
        {
            int order = Comparer<T>.Default.Compare(a.Item, b.Item);
            return order < 0 || (order == 0 && a.Sequence < b.Sequence);
        }
    }

    private readonly struct CustomOrder(IComparer<T> comparer) : IOrder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Precedes(Entry a, Entry b)
        {
            int order = comparer.Compare(a.Item, b.Item);
            return order < 0 || (order == 0 && a.Sequence < b.Sequence);
        }
    }
}
