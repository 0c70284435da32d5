using System.CommandLine;
using Bookline.Cli.Demos;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline demo &lt;scenario&gt;</c>: replays a scenario of the story on Bookline's queues.</summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console, CancellationToken abortToken)
    {
        var scenario = new Argument<string?>("scenario")
        {
            Description = "The scenario to replay: " + string.Join(", ", DemoCatalog.All.Select(d => d.Name)) + ".",
            Arity = ArgumentArity.ZeroOrOne,
        };
        scenario.Validators.Add(result =>
        {
            string? name = result.GetValueOrDefault<string?>();
            if (name is not null && DemoCatalog.Find(name) is null)
            {
                result.AddError($"Unknown scenario '{name}'. Run 'bookline demo --list' to see them.");
            }
        });

        var list = new Option<bool>("--list") { Description = "List the scenarios with one line each." };
        var seed = new Option<int?>("--seed")
        {
            Description = "Seed for the random choices (delays, failures, page counts), to make a run reproducible.",
            CustomParser = result =>
            {
                string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(token, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value))
                {
                    return value;
                }

                result.AddError($"--seed must be a whole number, not '{token}'.");
                return null;
            },
        };
        var speed = new Option<double>("--speed")
        {
            Description = "Run the simulated work this many times faster than the story (1 = the story's timing).",
            DefaultValueFactory = _ => 1.0,
        };
        speed.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value > 0) || double.IsInfinity(value))
            {
                result.AddError($"--speed must be a positive number, not {value}.");
            }
        });

        var raw = new Option<bool>("--raw") { Description = "Replay pipeline, errors, multi and shutdown with hand-written queue loops instead of Bookline.Pipelines." };
        var command = new Command("demo", "Replay a scenario of the book-scanning story on Bookline's queues.")
        {
            scenario,
            list,
            seed,
            speed,
            raw,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? name = parse.GetValue(scenario);
            if (parse.GetValue(list) || name is null)
            {
                PrintList(console);
                return name is null && !parse.GetValue(list) ? ExitCodes.Usage : ExitCodes.Success;
            }

            IDemo demo = DemoCatalog.Find(name)!;
            int actualSeed = parse.GetValue(seed) ?? Random.Shared.Next();
            var context = new DemoContext(console, actualSeed, parse.GetValue(speed)) { Raw = parse.GetValue(raw), AbortToken = abortToken };
            console.MarkupLine($"[grey]bookline demo {demo.Name} --seed {actualSeed}[/]");
            await demo.RunAsync(context, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintList(IAnsiConsole console)
    {
        var table = new Table().NoBorder().HideHeaders().AddColumn("scenario").AddColumn("what it shows");
        foreach (IDemo demo in DemoCatalog.All)
        {
            table.AddRow(new Markup($"[bold]{demo.Name}[/]"), new Text(demo.Summary));
        }

        console.Write(table);
    }
}
