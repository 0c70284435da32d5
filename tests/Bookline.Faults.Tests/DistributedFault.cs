namespace Bookline.Faults.Tests;

/// <summary>A fault injected into a distributed scan (a coordinator and two workers, on the real broker and PostgreSQL).</summary>
internal enum DistributedFault
{
    /// <summary>kill -9 of a worker; a new worker takes its place.</summary>
    KillWorker,

    /// <summary>kill -9 of a worker's whole process group; a new worker takes its place.</summary>
    KillWorkerGroup,

    /// <summary>SIGTERM to a worker, as a service manager stops it; a new worker takes its place.</summary>
    TerminateWorker,

    /// <summary>Ctrl+C to a worker's process group, as a terminal sends it; a new worker takes its place.</summary>
    InterruptWorkerGroup,

    /// <summary>kill -9 of the coordinator; the same scan command is run again.</summary>
    KillCoordinator,

    /// <summary>kill -9 of the coordinator's whole process group; the same scan command is run again.</summary>
    KillCoordinatorGroup,

    /// <summary>Ctrl+C to the coordinator's process group; the same scan command is run again.</summary>
    InterruptCoordinatorGroup,

    /// <summary>SIGTERM to the coordinator; the same scan command is run again.</summary>
    TerminateCoordinator,

    /// <summary>rabbitmqctl stop_app, a pause, start_app: every connection drops, durable messages stay.</summary>
    RestartBroker,

    /// <summary>kill -9 of the broker's node, then a cold start on the same data.</summary>
    KillBroker,

    /// <summary>PostgreSQL restarted (fast shutdown: connections end, transactions roll back).</summary>
    RestartPostgres,

    /// <summary>PostgreSQL killed and restarted (immediate shutdown: crash recovery on start).</summary>
    CrashPostgres,

    /// <summary>Every bookline connection to PostgreSQL terminated by the server, whatever it was doing.</summary>
    DropPostgresConnections,

    /// <summary>The network between the workers and the broker cut for a moment (every connection through the proxy dropped, new ones refused).</summary>
    CutWorkerNetwork,
}
