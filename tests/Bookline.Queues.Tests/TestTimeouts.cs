namespace Bookline.Queues.Tests;

/// <summary>Every wait in the tests is bounded, so that a hang fails a test instead of the run.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static Task Within(this Task task) => task.WaitAsync(Default);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Default);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Default);

    /// <summary>Waits (bounded) until a condition that another thread will make true holds.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Default;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(1);
        }
    }
}
