using System.Runtime.CompilerServices;

namespace Bookline.Queues.Stores;

/// <summary>
/// Smallest first by a comparer, equal items in insertion order: a 4-ary min-heap whose entries
/// carry an insertion number that breaks ties.
/// </summary>
/// <remarks>
/// Both <see cref="Add"/> and <see cref="Take"/> first find where the entries must move using only
/// comparisons, and move them only afterwards, so a comparer that throws leaves the heap unchanged.
/// </remarks>
internal sealed class StablePriorityStore<T> : ItemStore<T>
{
    private const int Log2Arity = 2; // 4 children per node: half the depth of a binary heap

    private readonly IComparer<T>? _comparer; // null: Comparer<T>.Default on a value type, devirtualised by the JIT
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

    public override void Add(T item)
    {
        if (_nextSequence == uint.MaxValue)
        {
            Renumber();
        }

        var entry = new Entry(item, _nextSequence++);
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        // Pass 1: how many levels does the new entry rise? Only comparisons, which may throw.
        Entry[] heap = _heap;
        int levels = 0;
        for (int i = _count; i > 0; levels++)
        {
            int parent = (i - 1) >> Log2Arity;
            if (!Precedes(entry, heap[parent]))
            {
                break;
            }

            i = parent;
        }

        // Pass 2: shift that many ancestors down and drop the entry into the hole.
        int hole = _count;
        for (; levels > 0; levels--)
        {
            int parent = (hole - 1) >> Log2Arity;
            heap[hole] = heap[parent];
            hole = parent;
        }

        heap[hole] = entry;
        _count++;
    }

    public override T Take()
    {
        Entry[] heap = _heap;
        T result = heap[0].Item;
        int last = _count - 1;
        Entry moving = heap[last];

        // Pass 1: walk down from the root as if the last entry filled it, recording which child
        // (2 bits per level) takes its place. Only comparisons, which may throw.
        ulong path = 0;
        int levels = 0;
        int i = 0;
        while (true)
        {
            int first = (i << Log2Arity) + 1;
            if (first >= last)
            {
                break;
            }

            int best = first;
            int end = Math.Min(first + (1 << Log2Arity), last);
            for (int c = first + 1; c < end; c++)
            {
                if (Precedes(heap[c], heap[best]))
                {
                    best = c;
                }
            }

            if (!Precedes(heap[best], moving))
            {
                break;
            }

            path |= (ulong)(best - first) << (levels * Log2Arity);
            levels++;
            i = best;
        }

        // Pass 2: replay the walk, lifting each chosen child one level.
        int hole = 0;
        for (int level = 0; level < levels; level++)
        {
            int child = (hole << Log2Arity) + 1 + (int)((path >> (level * Log2Arity)) & ((1 << Log2Arity) - 1));
            heap[hole] = heap[child];
            hole = child;
        }

        heap[hole] = moving;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            heap[last] = default;
        }

        _count = last;
        return result;
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
        Array.Sort(entries, (a, b) => Precedes(a, b) ? -1 : Precedes(b, a) ? 1 : 0);
        return Array.ConvertAll(entries, e => e.Item);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Precedes(in Entry a, in Entry b)
    {
        int order = _comparer is null ? Comparer<T>.Default.Compare(a.Item, b.Item) : _comparer.Compare(a.Item, b.Item);
        return order < 0 || (order == 0 && a.Sequence < b.Sequence);
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

    /// <summary>For tests: pretend the insertion counter is about to run out.</summary>
    internal void SetNextSequenceForTesting(uint next) => _nextSequence = next;

    private readonly record struct Entry(T Item, uint Sequence);
}
