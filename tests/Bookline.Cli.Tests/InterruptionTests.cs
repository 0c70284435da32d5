namespace Bookline.Cli.Tests;

public sealed class InterruptionTests
{
    [Fact]
    public void TheFirstCtrlCStopsGracefullyTheSecondAbortsTheThirdLetsTheProcessEnd()
    {
        var interruption = new Interruption();
        Assert.False(interruption.Stop.IsCancellationRequested);

        Assert.True(interruption.Press());
        Assert.True(interruption.Stop.IsCancellationRequested);
        Assert.False(interruption.Abort.IsCancellationRequested);

        Assert.True(interruption.Press());
        Assert.True(interruption.Abort.IsCancellationRequested);

        Assert.False(interruption.Press());
    }
}
