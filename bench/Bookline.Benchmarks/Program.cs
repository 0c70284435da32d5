using BenchmarkDotNet.Running;
using Bookline.Benchmarks;

if (args.Length > 0 && args[0] == "probe")
{
    int n = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    await Probe.RunAsync(n, rounds: 7);
    return 0;
}

if (args.Length > 0 && args[0] == "pipeline-probe")
{
    // pipeline-probe [items] [workers] [rounds] [kind]: the pipeline scenarios (or those of one kind) side by side, medians and ratios
    int Arg(int at, int fallback) => args.Length > at ? int.Parse(args[at], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    await PipelineProbe.RunAsync(Arg(1, 1_000_000), rounds: Arg(3, 5), workers: Arg(2, 1), kind: args.Length > 4 ? args[4] : null);
    return 0;
}

if (args.Length > 2 && args[0] == "memory")
{
    await MemoryProbe.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 1 && args[0] == "rabbitmq")
{
    int n = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
    await RabbitMqProbe.RunAsync(new Uri(args[1]), n, rounds: 5);
    return 0;
}

if (args.Length > 1 && args[0] == "rabbitmq-queues")
{
    int n = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
    await RabbitMqProbe.RunQueueKindsAsync(new Uri(args[1]), n, rounds: 5);
    return 0;
}

if (args.Length > 1 && args[0] == "search-load")
{
    int n = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2000;
    await SearchLoadProbe.RunAsync(new Uri(args[1]), n, clients: 20);
    return 0;
}

if (args.Length > 3 && args[0] == "page-load")
{
    // page-load <server> <requests> <path>...: 20 clients cycling through the paths (an OPDS feed's pages, for example)
    await SearchLoadProbe.RunAsync(new Uri(args[1]), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), clients: 20, args[3..], "pages");
    return 0;
}

if (args.Length > 2 && args[0] == "watch-latency")
{
    // watch-latency <library> <catalog> [changes]: change-to-catalog latency of a watcher, a burst, and idle CPU
    await WatchProbe.RunAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return 0;
}

if (args.Length > 1 && args[0] == "search-time")
{
    string[] queries = args.Length > 2 ? args[2..] : ["font", "table", "python package", "\"user manual\"", "table OR figure", "install debian"];
    await SearchTimingProbe.RunAsync(args[1], queries, rounds: 5);
    return 0;
}

if (args.Length > 2 && args[0] == "sql-time")
{
    SqlTimeProbe.Run(args[1], args[2..], rounds: 7);
    return 0;
}

if (args.Length > 1 && args[0] == "known-item")
{
    // known-item <sqlite catalog> [--postgres URL] [--recoll CONFDIR CORPUS] [--samples N] [--seed S]
    string? Option(string name, int offset = 1) => Array.IndexOf(args, name) is int at and >= 0 && at + offset < args.Length ? args[at + offset] : null;
    await KnownItemProbe.RunAsync(args[1], Option("--postgres"), Option("--recoll"), Option("--recoll", 2),
        int.Parse(Option("--samples") ?? "150", System.Globalization.CultureInfo.InvariantCulture), int.Parse(Option("--seed") ?? "14", System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 1 && args[0] == "hostile-library")
{
    var entries = Bookline.Tests.Shared.HostileLibrary.Write(args[1], nearLimits: true);
    Console.WriteLine($"Wrote {entries.Count} hostile entries in {args[1]}");
    return 0;
}

if (args.Length > 1 && args[0] == "pdf-words")
{
    int most = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
    PdfWordsProbe.Run(args[1], most);
    return 0;
}

if (args.Length > 1 && args[0] == "pdf-timeout")
{
    int lines = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40_000;
    PdfTimeoutProbe.Run(args[1], lines);
    return 0;
}

if (args.Length > 0 && args[0] == "heap")
{
    HeapProbe.Run(1_000_000);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Scenarios).Assembly).Run(args);
return 0;
