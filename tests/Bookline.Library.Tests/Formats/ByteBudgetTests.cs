using Bookline.Library.Formats;
using Bookline.Library.Samples;

namespace Bookline.Library.Tests.Formats;

public sealed class ByteBudgetTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadersThatWouldPassTheBudgetTogetherWaitForEachOtherAndALargerOneRunsAlone()
    {
        var budget = new ByteBudget(16);
        ByteBudget.Lease first = budget.Take(10, CancellationToken.None);
        using (budget.Take(6, CancellationToken.None))
        {
            // 10 + 6 fit; a third of 4 does not, until one is given back.
            Task<ByteBudget.Lease> third = Task.Run(() => budget.Take(4, CancellationToken.None));
            Assert.NotSame(third, await Task.WhenAny(third, Task.Delay(100))); // a wait that must not end: a window, not a sync point
            first.Dispose();
            (await third.WaitAsync(Bound)).Dispose();
        }

        // Nothing held: one larger than the whole budget runs, alone.
        using ByteBudget.Lease large = budget.Take(1000, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        Task<ByteBudget.Lease> waiting = Task.Run(() => budget.Take(1, stop.Token));
        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(100)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
    }

    [Fact]
    public void APdfReadStopsAtThePageBoundaryOnceItsTokenIsCancelled()
    {
        string page = string.Join('\n', Enumerable.Repeat("Each line of this page holds enough words to be a real page.", 4));
        string path = _folder.File("long.pdf", SampleBooks.Pdf("Long", "Writer", [.. Enumerable.Repeat(page, 50)]));
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new BookReader().Read(path, stop.Token));
    }
}
