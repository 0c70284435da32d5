namespace Bookline.Pipelines.Tests;

/// <summary>The bookkeeping every finished run must satisfy, checked in one place.</summary>
internal static class Accounting
{
    /// <summary>Per stage, every item received has exactly one outcome, and each stage received what the previous emitted.</summary>
    public static void AssertBalanced(PipelineReport report, string context = "")
    {
        for (int i = 0; i < report.Stages.Count; i++)
        {
            StageReport s = report.Stages[i];
            Assert.True(s.InFlight == 0, $"Stage {s.Name} still has {s.InFlight} in flight. {context}");
            long outcomes = s.Succeeded + s.Filtered + s.DeadLettered + s.Unprocessed;
            Assert.True(s.Received == outcomes, $"Stage {s.Name}: received {s.Received}, but succeeded {s.Succeeded} + filtered {s.Filtered} + dead {s.DeadLettered} + unprocessed {s.Unprocessed} = {outcomes}. {context}");
            long fedBy = i == 0 ? report.Accepted : report.Stages[i - 1].Emitted;
            Assert.True(s.Received == fedBy, $"Stage {s.Name} received {s.Received} but was fed {fedBy}. {context}");
            Assert.Equal(s.Succeeded, s.Workers.Sum(w => w.Processed));
            Assert.Equal(s.DeadLettered, s.Workers.Sum(w => w.Failed));
        }

        Assert.Equal(report.Stages.Sum(s => s.DeadLettered), report.DeadLetters.Count);
    }
}
