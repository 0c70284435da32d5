using System.Diagnostics;
using Npgsql;

namespace Bookline.Tests.Shared;

/// <summary>
/// The throwaway RabbitMQ and PostgreSQL servers scripts/test.sh starts (BOOKLINE_TEST_AMQP,
/// BOOKLINE_TEST_POSTGRES, BOOKLINE_TEST_SERVERS_DIR): fresh databases, and a broker restart.
/// </summary>
internal static class TestServers
{
    public static string? Amqp => Variable("BOOKLINE_TEST_AMQP");

    public static string? Postgres => Variable("BOOKLINE_TEST_POSTGRES");

    /// <summary>True when the run must have the servers (scripts/test.sh): their tests then fail instead of being skipped.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("BOOKLINE_TEST_REQUIRE_SERVERS") == "1";

    /// <summary>Why a server test cannot run here, or null when it can.</summary>
    public static string? SkipReason => (Amqp is null || Postgres is null) && !Required
        ? "No test servers: run scripts/test.sh, which starts RabbitMQ and PostgreSQL."
        : null;

    /// <summary>Creates an empty database and returns its postgres:// address.</summary>
    public static string NewDatabase()
    {
        string server = Postgres ?? throw new InvalidOperationException("BOOKLINE_TEST_POSTGRES is not set: the test PostgreSQL server did not start.");
        string database = "bookline_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(AdminConnectionString(server)))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }

        return new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
    }

    /// <summary>Drops databases made by <see cref="NewDatabase"/>, even while connections to them are open.</summary>
    public static void DropDatabases(IEnumerable<string> addresses)
    {
        string[] names = [.. addresses.Select(a => new Uri(a).AbsolutePath.Trim('/'))];
        if (names.Length == 0 || Postgres is not { } server)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString(server));
        connection.Open();
        foreach (string name in names)
        {
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }

    /// <summary>Stops the broker's application: every connection drops; durable queues and persistent messages stay.</summary>
    public static void StopBroker() => _ = Ctl("stop_app");

    /// <summary>Starts the broker's application again after <see cref="StopBroker"/>.</summary>
    public static void StartBroker() => _ = Ctl("start_app");

    /// <summary>Sets the broker's free-disk limit: "100000GB" raises a disk alarm that blocks every publisher, "50MB" clears it.</summary>
    public static void SetDiskFreeLimit(string limit) => _ = Ctl("set_disk_free_limit", limit);

    /// <summary>The broker's queues as rabbitmqctl lists them: one line per queue, with the columns asked for.</summary>
    public static string ListQueues(params string[] columns) => Ctl(["list_queues", "--quiet", "--no-table-headers", .. columns]);

    /// <summary>kill -9 of the broker's node, then a cold start on the same data; returns once it accepts connections.</summary>
    public static void KillBroker()
    {
        // RabbitMQ 3.10 writes its metadata (Mnesia's transaction log) through a delayed-write buffer of up to 2 s: a queue
        // declared just before a kill -9 comes back missing, and the messages it had confirmed with it. That window is the
        // broker's, and no client can close it; the kill lands after it, on a node whose declarations are on disk.
        _ = Ctl("eval", "mnesia:sync_log().");
        _ = Servers("kill-broker");
    }

    /// <summary>Restarts PostgreSQL: "fast" ends connections and rolls transactions back; "immediate" crashes it, and it recovers on start.</summary>
    public static void RestartPostgres(string mode) => _ = Servers("restart-postgres", mode);

    private static string Ctl(params string[] command) => Servers(["ctl", .. command]);

    /// <summary>Runs scripts/servers.sh COMMAND DIR ARGS against the test servers, and returns what it printed.</summary>
    private static string Servers(params string[] command)
    {
        string dir = Variable("BOOKLINE_TEST_SERVERS_DIR") ?? throw new InvalidOperationException("BOOKLINE_TEST_SERVERS_DIR is not set.");
        var start = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(RepositoryRoot(), "scripts", "servers.sh"), command[0], dir }, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string part in command.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"servers.sh {string.Join(' ', command)} failed: {error.Result}");
        }

        return output;
    }

    public static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "servers.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find scripts/servers.sh above the test's folder.");
    }

    private static string AdminConnectionString(string server)
    {
        var uri = new Uri(server);
        return new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port, Username = uri.UserInfo.Split(':')[0], Database = "postgres", Pooling = false }.ConnectionString;
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
