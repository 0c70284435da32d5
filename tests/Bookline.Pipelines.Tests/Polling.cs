namespace Bookline.Pipelines.Tests;

/// <summary>Waits on a state that raises no event (a stage's counts in a live report), by looking again every millisecond, within a bound.</summary>
internal static class Polling
{
    public static async Task WaitUntil(Func<bool> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the pipeline to reach the expected state.");
            await Task.Delay(1);
        }
    }
}
