using Bookline.Pipelines.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookline.Pipelines;

/// <summary>Options that apply to a whole pipeline.</summary>
public sealed class PipelineOptions
{
    /// <summary>The pipeline's name, used in reports, metrics and traces.</summary>
    /// <value>The default value is "pipeline".</value>
    public string Name { get; set; } = "pipeline";

    /// <summary>The clock for retry delays, timeouts and reports; replace it in tests.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Creates the queue in front of each stage: in memory, or on a broker.</summary>
    /// <value>The default value keeps every queue in this process.</value>
    public IWorkQueueFactory QueueFactory { get; set; } = InMemoryWorkQueueFactory.Instance;

    /// <summary>
    /// Receives every item that failed its last attempt, with its stage, attempts and exception. A sink
    /// that throws has not recorded the failure, so the item is not dropped: it is counted unprocessed
    /// (a broker delivers it again), and the run stops with a <see cref="StageOutageException"/>.
    /// </summary>
    /// <value>The default value is null: dead letters are only kept in the report.</value>
    public Func<DeadLetter, CancellationToken, ValueTask>? DeadLetterSink { get; set; }

    /// <summary>Receives live events (an item done, retried or dead-lettered; a stage finished) from the workers' threads.</summary>
    /// <value>The default value is null: no events.</value>
    public Action<PipelineEvent>? OnEvent { get; set; }

    /// <summary>
    /// Where the run says what an operator should know: dead letters (warning), failures of producers,
    /// sinks and queues (error), stop and abort, the outcome (information), retries and finished stages (debug).
    /// </summary>
    /// <value>The default value is <see cref="NullLogger.Instance"/>: nothing is written.</value>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// Stages whose workers run in other processes, which a broker's queues connect to this one:
    /// this run puts items into their queues and takes none out. They finish when the run's input
    /// is completed, so a process running only later stages keeps working until it is stopped.
    /// </summary>
    /// <value>The default value is empty: every stage has its workers here.</value>
    public IReadOnlyCollection<string> RemoteStages { get; set; } = [];

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(QueueFactory, nameof(QueueFactory));
        ArgumentNullException.ThrowIfNull(RemoteStages, nameof(RemoteStages));
        ArgumentNullException.ThrowIfNull(Logger, nameof(Logger));
    }
}
