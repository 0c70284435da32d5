using System.Runtime.CompilerServices;

namespace Bookline.Queues.Stores;

/// <summary>
/// Smallest first by a comparer, equal items in insertion order: a 4-ary min-heap whose entries
/// carry an insertion number that breaks ties.
/// </summary>
/// <remarks>
/// <para>Each operation makes all its comparisons before it moves anything, so a comparer that
/// throws leaves the heap as it was. Removal descends along the smallest children to a leaf and
/// then finds, on the way back up, where the last entry belongs (Floyd's bottom-up method): the
/// last entry usually belongs near the bottom, so this saves the comparison against it at every
/// level that the classic sift-down makes.</para>
/// <para>The sifts are generic over a struct <see cref="IOrder"/>, so the JIT compiles one loop for
/// the default comparison (inlined, no interface call) and one for a custom comparer.</para>
/// </remarks>
internal sealed class StablePriorityStore<T> : ItemStore<T>
{
    private const int Log2Arity = 2; // 4 children per node: half the depth of a binary heap
    private const int MaxDepth = 17; // levels of a 4-ary heap of int.MaxValue entries, plus the root

    private readonly IComparer<T>? _comparer; // null: the default comparison of a value type
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
    }

    private interface IOrder
    {
        bool Precedes(Entry a, Entry b);
    }

    public override bool Add(T item)
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
        return true;
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

        // Compare: how many ancestors does the entry precede?
        int levels = 0;
        for (int node = _count; node > 0 && order.Precedes(entry, heap[(node - 1) >> Log2Arity]); node = (node - 1) >> Log2Arity)
        {
            levels++;
        }

        // Move: shift those ancestors down one level each and drop the entry into the hole.
        int hole = _count;
        for (; levels > 0; levels--)
        {
            int parent = (hole - 1) >> Log2Arity;
            heap[hole] = heap[parent];
            hole = parent;
        }

        heap[hole] = entry;
    }

    /// <summary>Fills the hole left at the root with the entries below it and <paramref name="moving"/>, the last entry.</summary>
    private void SiftDown<TOrder>(TOrder order, Entry moving, int size)
        where TOrder : struct, IOrder
    {
        Entry[] heap = _heap;
        Span<int> path = stackalloc int[MaxDepth];
        path[0] = 0; // the root

        // Compare: the path of smallest children from the root down to a leaf.
        int depth = 0;
        for (int node = 0; ;)
        {
            int first = (node << Log2Arity) + 1;
            if (first >= size)
            {
                break;
            }

            int best = first;
            Entry bestEntry = heap[first];
            int end = Math.Min(first + (1 << Log2Arity), size);
            for (int c = first + 1; c < end; c++)
            {
                Entry child = heap[c];
                if (order.Precedes(child, bestEntry))
                {
                    best = c;
                    bestEntry = child;
                }
            }

            path[++depth] = best;
            node = best;
        }

        // Compare: walking back up, the deepest path entry that precedes the moving one. Entries
        // along the path increase downwards, so every entry above it precedes the moving one too.
        int landing = depth;
        while (landing > 0 && !order.Precedes(heap[path[landing]], moving))
        {
            landing--;
        }

        // Move: lift the path entries above the landing point one level, then place the moving entry.
        for (int level = 0; level < landing; level++)
        {
            heap[path[level]] = heap[path[level + 1]];
        }

        heap[path[landing]] = moving;
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
            // Two "less than" tests instead of one three-way result used twice: for primitive
            // types the JIT reduces each test to one compare, where a three-way result is first
            // materialised as -1, 0 or 1 through extra branches. The second test is almost always
            // true when the first is false, so it is well predicted; the tie-break comes last.
            return Comparer<T>.Default.Compare(a.Item, b.Item) < 0
                || (Comparer<T>.Default.Compare(b.Item, a.Item) >= 0 && a.Sequence < b.Sequence);
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
