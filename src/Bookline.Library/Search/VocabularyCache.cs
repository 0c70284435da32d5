namespace Bookline.Library.Search;

/// <summary>
/// A store's <see cref="Vocabulary"/>, read once and then only for the words added since: the store
/// numbers its words as it adds them, and the cache asks for those after the last number it has, at
/// most once per <see cref="RefreshInterval"/>.
/// </summary>
internal sealed class VocabularyCache : IDisposable
{
    /// <summary>How long a vocabulary is used before the store is asked for new words.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly Func<long, CancellationToken, Task<(IReadOnlyList<string> Words, long Last)>> _wordsAfter;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly List<string> _words = [];
    private volatile Vocabulary _current = Vocabulary.Empty;
    private long _last;
    private long _checked = long.MinValue;

    /// <summary>Makes a cache over a store's query for the words numbered after a given number.</summary>
    public VocabularyCache(Func<long, CancellationToken, Task<(IReadOnlyList<string> Words, long Last)>> wordsAfter, TimeProvider? time = null)
    {
        _wordsAfter = wordsAfter;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The vocabulary, with the store's new words if it was last asked long enough ago.</summary>
    public async Task<Vocabulary> GetAsync(CancellationToken cancellationToken)
    {
        long checkedAt = Volatile.Read(ref _checked);
        if (checkedAt != long.MinValue && _time.GetElapsedTime(checkedAt) < RefreshInterval)
        {
            return _current;
        }

        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_checked != long.MinValue && _time.GetElapsedTime(_checked) < RefreshInterval)
            {
                return _current;
            }

            (IReadOnlyList<string> added, long last) = await _wordsAfter(_last, cancellationToken).ConfigureAwait(false);
            if (added.Count > 0)
            {
                _words.AddRange(added);
                _current = new Vocabulary(_words);
            }

            _last = Math.Max(_last, last);
            Volatile.Write(ref _checked, _time.GetTimestamp());
            return _current;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refreshing.Dispose();
}
