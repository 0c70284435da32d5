using Microsoft.Coyote;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.SystematicTesting;

namespace Bookline.Queues.Coyote.Tests;

/// <summary>
/// Explores the schedules of each scenario with Coyote. COYOTE_ITERATIONS raises the number of
/// schedules per scenario (default 300); COYOTE_SEED replays a run. A failure names both.
/// </summary>
public sealed class SystematicTests
{
    private static uint Iterations => uint.TryParse(Environment.GetEnvironmentVariable("COYOTE_ITERATIONS"), out uint n) ? n : 300;

    private static uint Seed => uint.TryParse(Environment.GetEnvironmentVariable("COYOTE_SEED"), out uint seed) ? seed : 20261125;

    [Fact]
    public void AssembliesAreRewrittenSoTheSuiteCannotPassVacuously()
    {
        Assert.True(RewritingEngine.IsAssemblyRewritten(typeof(AsyncQueue<>).Assembly), "Bookline.Queues.dll was not rewritten by Coyote.");
        Assert.True(RewritingEngine.IsAssemblyRewritten(typeof(SystematicTests).Assembly), "The test assembly was not rewritten by Coyote.");
    }

    [Fact]
    public void LostWakeup() => AssertNoBug(QueueScenarios.LostWakeup);

    [Fact]
    public void GetterCancellationRacesHandOff() => AssertNoBug(QueueScenarios.GetterCancellationRacesHandOff);

    [Fact]
    public void CancelledGetterPassesTheItemOn() => AssertNoBug(QueueScenarios.CancelledGetterPassesTheItemOn);

    [Fact]
    public void PutterCancellationRacesAdmission() => AssertNoBug(QueueScenarios.PutterCancellationRacesAdmission);

    [Fact]
    public void ShutdownRacesGet() => AssertNoBug(QueueScenarios.ShutdownRacesGet);

    [Fact]
    public void ImmediateShutdownRacesPutterAndGetter() => AssertNoBug(QueueScenarios.ImmediateShutdownRacesPutterAndGetter);

    [Fact]
    public void TaskDoneRacesJoin() => AssertNoBug(QueueScenarios.TaskDoneRacesJoin);

    [Fact]
    public void ProducersAndConsumers() => AssertNoBug(QueueScenarios.ProducersAndConsumers);

    [Fact]
    public void CoalescingPutsRaceGets() => AssertNoBug(QueueScenarios.CoalescingPutsRaceGets);

    [Fact]
    public void CoalescingPutterCancellationRacesAdmission() => AssertNoBug(QueueScenarios.CoalescingPutterCancellationRacesAdmission);

    [Fact]
    public void FindsAPlantedLostWakeup() => AssertFinds(PlantedBugs.LostWakeup, "Deadlock detected");

    [Fact]
    public void FindsAPlantedItemLossOnCancellation() => AssertFinds(PlantedBugs.LossyCancellation, "item delivered 0 times");

    private static TestReport Explore(Func<Task> scenario)
    {
        QueueTestHooks.UseTaskWaiters = true;
        Configuration configuration = Configuration.Create()
            .WithTestingIterations(Iterations)
            .WithRandomGeneratorSeed(Seed)
            .WithMaxSchedulingSteps(5000)
            .WithTelemetryEnabled(false);
        using var engine = TestingEngine.Create(configuration, scenario);
        engine.Run();
        return engine.TestReport;
    }

    private static void AssertNoBug(Func<Task> scenario)
    {
        TestReport report = Explore(scenario);
        Assert.True(report.NumOfFoundBugs == 0,
            $"Coyote found a bug (seed {Seed}, {Iterations} iterations; replay with COYOTE_SEED={Seed}):\n{string.Join("\n", report.BugReports)}");
        Assert.True(report.UncontrolledInvocations.Count == 0,
            $"Uncontrolled calls make the exploration unsound: {string.Join(", ", report.UncontrolledInvocations)}");
    }

    private static void AssertFinds(Func<Task> plantedBug, string expected)
    {
        TestReport report = Explore(plantedBug);
        Assert.True(report.NumOfFoundBugs > 0, $"Coyote missed a planted bug in {Iterations} iterations (seed {Seed}).");
        Assert.Contains(report.BugReports, r => r.Contains(expected, StringComparison.Ordinal));
    }
}
