using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Bookline.Library.Scanning;
using Bookline.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace Bookline.Faults.Tests;

/// <summary>
/// Distributed scans (a coordinator and two workers, the workers reaching the broker through a proxy
/// that can cut them off), each with one fault injected at a moment a seed chooses: processes killed
/// or stopped, the broker restarted or killed, PostgreSQL restarted, crashed or its connections
/// dropped, the workers' network cut. After each, the run is resumed or left to finish, then: the
/// catalog equals an uninterrupted scan's (every book once, the same failures with the same reasons),
/// no healthy file is in a dead-letter queue, every process we did not kill exited 0, 3 or 130, and
/// <c>bookline status --broker</c> says what the broker says.
/// </summary>
[Collection(nameof(FaultsRunAlone))]
public sealed class DistributedFaultTests(FaultLibrary library, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    /// <summary>The sample: one fault of each main kind, the same every run.</summary>
    private static readonly DistributedFault[] Sample =
    [
        DistributedFault.RestartBroker, DistributedFault.KillWorker, DistributedFault.RestartPostgres,
        DistributedFault.InterruptCoordinatorGroup, DistributedFault.CutWorkerNetwork, DistributedFault.KillBroker,
        DistributedFault.InterruptWorkerGroup,
    ];

    private readonly FaultLog _log = new(output);
    private readonly List<string> _databases = [];

    public void Dispose() => TestServers.DropDatabases(_databases);

    [ServersFact]
    public async Task EveryFaultEndsWithTheCatalogOfAnUninterruptedScanAndNoHealthyFileDeadLettered()
    {
        int seed = FaultSettings.Seed;
        var random = new Random(seed);
        TimeSpan duration = await CalibrateAsync();
        _log.Line(string.Create(CultureInfo.InvariantCulture, $"distributed: {FaultSettings.DistributedFaults} faults, seed {seed}, an uninterrupted run takes {duration.TotalSeconds:F1} s"));
        DistributedFault[] kinds = Enum.GetValues<DistributedFault>();
        var failures = new List<string>();
        for (int i = 0; i < FaultSettings.DistributedFaults; i++)
        {
            DistributedFault fault = FaultSettings.Soak || i >= Sample.Length ? kinds[random.Next(kinds.Length)] : Sample[i];
            TimeSpan at = TimeSpan.FromMilliseconds(random.Next(0, (int)duration.TotalMilliseconds));
            long started = Stopwatch.GetTimestamp();
            string result;
            try
            {
                result = await RunOnceAsync(i, fault, at, random);
            }
            catch (Exception exception)
            {
                result = "FAILED: " + exception;
            }

            string line = string.Create(CultureInfo.InvariantCulture, $"distributed #{i} (seed {seed}): {fault} at {at.TotalSeconds:F2} s, {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s in all: {result}");
            _log.Line(line);
            if (!result.StartsWith("ok", StringComparison.Ordinal))
            {
                failures.Add(line);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>One run without a fault: how long it takes, and that it ends as the embedded reference.</summary>
    private async Task<TimeSpan> CalibrateAsync()
    {
        long started = Stopwatch.GetTimestamp();
        string result = await RunOnceAsync(-1, null, TimeSpan.Zero, new Random(0));
        Assert.True(result.StartsWith("ok", StringComparison.Ordinal), "An uninterrupted distributed scan: " + result);
        return Stopwatch.GetElapsedTime(started);
    }

    private async Task<string> RunOnceAsync(int index, DistributedFault? fault, TimeSpan at, Random random)
    {
        var run = new Run(library, index, NewDatabase());
        await using TcpProxy proxy = TcpProxy.For(new Uri(TestServers.Amqp!));
        try
        {
            run.StartWorker(proxy);
            run.StartWorker(proxy);
            BooklineProcess coordinator = run.StartCoordinator();
            if (fault is { } kind)
            {
                Task exited = coordinator.ExitAsync(Bound);
                await Task.WhenAny(exited, Task.Delay(at)); // the fault's moment, whether or not the scan is over
                coordinator = await InjectAsync(kind, run, proxy, coordinator, random);
            }

            int exit = await coordinator.ExitAsync(Bound);
            if (exit != 3)
            {
                return $"FAILED: the scan exited {exit}, not 3 (the sample's broken files):\n{run.Outputs()}";
            }

            await run.StopWorkersAsync();
            var problems = new List<string>(run.ExitProblems());
            using (ICatalog catalog = CatalogReads.Open(run.Catalog))
            {
                problems.AddRange(CatalogSnapshot.Of(catalog).Differences(library.Expected));
            }

            problems.AddRange(await DeadLetterProblemsAsync(run.Prefix, run.Catalog));
            problems.AddRange(await StatusProblemsAsync(run.Prefix, run.Catalog));
            return problems.Count == 0 ? "ok" : "FAILED: " + string.Join("; ", problems) + "\n" + run.Outputs();
        }
        catch (TimeoutException exception)
        {
            return $"FAILED: {exception.Message.Split('\n')[0]}\n{run.Outputs()}";
        }
        finally
        {
            run.Dispose();
        }
    }

    private static async Task<BooklineProcess> InjectAsync(DistributedFault fault, Run run, TcpProxy proxy, BooklineProcess coordinator, Random random)
    {
        switch (fault)
        {
            case DistributedFault.KillWorker or DistributedFault.KillWorkerGroup:
                run.Kill(run.Workers[0], group: fault == DistributedFault.KillWorkerGroup);
                run.StartWorker(proxy);
                break;
            case DistributedFault.TerminateWorker or DistributedFault.InterruptWorkerGroup:
                BooklineProcess stopped = run.Workers[0];
                if (fault == DistributedFault.TerminateWorker)
                {
                    run.Terminate(stopped);
                }
                else
                {
                    stopped.InterruptGroup();
                }

                await stopped.ExitAsync(Bound);
                run.StartWorker(proxy);
                break;
            case DistributedFault.KillCoordinator or DistributedFault.KillCoordinatorGroup:
                run.Kill(coordinator, group: fault == DistributedFault.KillCoordinatorGroup);
                await coordinator.ExitAsync(Bound);
                return run.StartCoordinator();
            case DistributedFault.InterruptCoordinatorGroup or DistributedFault.TerminateCoordinator:
                if (fault == DistributedFault.TerminateCoordinator)
                {
                    run.Terminate(coordinator);
                }
                else
                {
                    coordinator.InterruptGroup();
                }

                await coordinator.ExitAsync(Bound);
                return run.StartCoordinator();
            case DistributedFault.RestartBroker:
                TestServers.StopBroker();
                await Task.Delay(random.Next(0, 2000)); // how long the broker stays down
                TestServers.StartBroker();
                break;
            case DistributedFault.KillBroker:
                TestServers.KillBroker();
                break;
            case DistributedFault.RestartPostgres:
                TestServers.RestartPostgres("fast");
                break;
            case DistributedFault.CrashPostgres:
                TestServers.RestartPostgres("immediate");
                break;
            case DistributedFault.DropPostgresConnections:
                DropPostgresConnections();
                break;
            case DistributedFault.CutWorkerNetwork:
                proxy.Refusing = true;
                proxy.Cut();
                await Task.Delay(random.Next(500, 3000)); // how long the network stays cut
                proxy.Refusing = false;
                break;
        }

        return coordinator;
    }

    private static void DropPostgresConnections()
    {
        var server = new Uri(TestServers.Postgres!);
        var builder = new NpgsqlConnectionStringBuilder { Host = server.Host, Port = server.Port, Username = server.UserInfo.Split(':')[0], Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'bookline' AND pid <> pg_backend_pid()", connection);
        terminate.ExecuteScalar();
    }

    /// <summary>Every dead letter must be a file the reference failed at that stage: a healthy file dead-lettered is a fault's doing.</summary>
    private static async Task<IEnumerable<string>> DeadLetterProblemsAsync(string prefix, string catalog)
    {
        var (exit, text) = await CliAsync("failures", "--broker", TestServers.Amqp!, "--queue-prefix", prefix, "--catalog", catalog, "--json");
        if (exit != 0)
        {
            return [$"bookline failures --broker exited {exit}: {text}"];
        }

        using JsonDocument json = JsonDocument.Parse(text);
        var expected = new HashSet<(string?, string?)>(json.RootElement.GetProperty("failures").EnumerateArray()
            .Where(f => f.GetProperty("stage").GetString() != "skipped")
            .Select(f => (f.GetProperty("path").GetString(), f.GetProperty("stage").GetString())));
        return json.RootElement.GetProperty("deadLetters").EnumerateArray()
            .Select(d => (d.GetProperty("path").GetString(), d.GetProperty("stage").GetString()))
            .Where(d => !expected.Contains(d))
            .Select(d => $"a dead letter for {d.Item1} at {d.Item2}, which is not a failure of the scan")
            .ToList();
    }

    /// <summary>
    /// <c>bookline status --broker</c> must say what rabbitmqctl says of each stage's queue and dead
    /// letters. Right after a run the broker's counts may still move (messages a closed channel held go
    /// back to ready): they are compared again, a bounded number of times, until the two agree.
    /// </summary>
    private static async Task<IEnumerable<string>> StatusProblemsAsync(string prefix, string catalog)
    {
        List<string> problems = [];
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(500);
            }

            var (exit, text) = await CliAsync("status", "--broker", TestServers.Amqp!, "--queue-prefix", prefix, "--catalog", catalog, "--json");
            if (exit != 0)
            {
                return [$"bookline status --broker exited {exit}: {text}"];
            }

            problems = CompareWithBroker(prefix, text);
            if (problems.Count == 0)
            {
                break;
            }
        }

        return problems;
    }

    private static List<string> CompareWithBroker(string prefix, string statusJson)
    {
        Dictionary<string, long> broker = TestServers.ListQueues("name", "messages_ready").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && p[0].StartsWith(prefix + ".", StringComparison.Ordinal))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        var problems = new List<string>();
        using JsonDocument json = JsonDocument.Parse(statusJson);
        foreach (JsonElement queue in json.RootElement.GetProperty("queues").EnumerateArray())
        {
            string name = queue.GetProperty("queue").GetString()!;
            long waiting = queue.GetProperty("waiting").GetInt64(), dead = queue.GetProperty("deadLetters").GetInt64();
            if (waiting != broker.GetValueOrDefault(name) || dead != broker.GetValueOrDefault(name + ".dead"))
            {
                problems.Add($"status says {name} holds {waiting} waiting and {dead} dead; the broker says {broker.GetValueOrDefault(name)} and {broker.GetValueOrDefault(name + ".dead")}");
            }
        }

        return problems;
    }

    private static async Task<(int Exit, string Output)> CliAsync(params string[] args)
    {
        using BooklineProcess process = BooklineProcess.Start(args);
        int exit = await process.ExitAsync(Bound);
        return (exit, process.Output);
    }

    private string NewDatabase()
    {
        string database = TestServers.NewDatabase();
        _databases.Add(database);
        return database;
    }

    /// <summary>The processes of one distributed run, and which of them the test killed itself.</summary>
    private sealed class Run(FaultLibrary library, int index, string catalog) : IDisposable
    {
        private readonly List<(string Role, BooklineProcess Process)> _all = [];
        private readonly HashSet<BooklineProcess> _killed = [];
        private readonly HashSet<BooklineProcess> _terminated = [];

        public string Prefix { get; } = string.Create(CultureInfo.InvariantCulture, $"fault{index}-{Guid.NewGuid():N}")[..24];

        public string Catalog => catalog;

        public List<BooklineProcess> Workers { get; } = [];

        public BooklineProcess StartCoordinator() =>
            Add("coordinator", BooklineProcess.StartInOwnGroup(new Dictionary<string, string>(),
                "scan", library.Library, "--broker", TestServers.Amqp!, "--queue-prefix", Prefix, "--catalog", catalog));

        public void StartWorker(TcpProxy proxy)
        {
            Workers.RemoveAll(w => w.HasExited);
            Workers.Add(Add("worker", BooklineProcess.StartInOwnGroup(new Dictionary<string, string>(),
                "worker", "--broker", proxy.Through(new Uri(TestServers.Amqp!)).ToString(), "--queue-prefix", Prefix, "--catalog", catalog, "--workers", "1", "--quiet")));
        }

        public void Kill(BooklineProcess process, bool group)
        {
            _killed.Add(process);
            process.Signal("-KILL", group);
        }

        /// <summary>
        /// Sends SIGTERM. A process still starting has no handler for it yet: the signal's default action
        /// then ends it with 143 (128 + 15), which is no crash; Bookline never exits 143 by itself.
        /// </summary>
        public void Terminate(BooklineProcess process)
        {
            _terminated.Add(process);
            process.Terminate();
        }

        /// <summary>SIGTERM stops a worker gracefully once it is up: it must exit by itself.</summary>
        public async Task StopWorkersAsync()
        {
            foreach (BooklineProcess worker in Workers.Where(w => !w.HasExited))
            {
                await Task.WhenAny(worker.LineAsync(l => l.StartsWith("Working on", StringComparison.Ordinal)), worker.ExitAsync(Bound)).WaitAsync(Bound);
                worker.Terminate();
            }

            foreach (BooklineProcess worker in Workers)
            {
                await worker.ExitAsync(Bound);
            }
        }

        /// <summary>Every process the test did not kill must have exited 0, 3 or 130 (or 143 of a SIGTERM sent while it started): never a crash.</summary>
        public IEnumerable<string> ExitProblems() => _all
            .Where(p => !_killed.Contains(p.Process) && p.Process.HasExited && p.Process.ExitCode is not (0 or 3 or 130)
                && !(p.Process.ExitCode == 143 && _terminated.Contains(p.Process)))
            .Select(p => $"a {p.Role} exited {p.Process.ExitCode}");

        public string Outputs() => string.Join("\n", _all.Select(p => $"--- {p.Role}:\n{Tail(p.Process.Output)}"));

        public void Dispose()
        {
            foreach (var (_, process) in _all)
            {
                process.Dispose();
            }
        }

        private static string Tail(string text) => text.Length <= 3000 ? text : "…" + text[^3000..];

        private BooklineProcess Add(string role, BooklineProcess process)
        {
            _all.Add((role, process));
            return process;
        }
    }
}
